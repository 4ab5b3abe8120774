import type { Translator } from "../../lib/i18n";
import { TranslatorContext } from "../../ui/i18n-context";
import { MyActions, type MyActionsProps } from "../actions/my-actions";
import { Publications, type PublicationsProps } from "./publications";

/**
 * "Da pubblicare" as the popup loads it: a chunk of its own (popup.tsx imports it lazily), with
 * "Da fare per <ente>", what the meetings decided, first. What must be the popup's own object
 * crosses as a prop: the translator (the chunk has its own copy of its context) and `onPublish`,
 * `onDone`, the popup's outbox, so one flush at a time still holds.
 */
export default function PublicationsView({
  t,
  actions,
  onDone,
  projects,
  ...props
}: PublicationsProps & Pick<MyActionsProps, "actions" | "onDone" | "projects"> & { t: Translator }) {
  return (
    <TranslatorContext.Provider value={t}>
      <MyActions actions={actions} ente={props.ente?.name} outbox={props.outbox} now={props.now} onDone={onDone} projects={projects} />
      <Publications {...props} />
    </TranslatorContext.Provider>
  );
}

import type { Meeting, Proposal } from "@rete-urp/shared";
import type { OutboxItem } from "../../lib/storage";
import { Disclosure } from "../../ui/disclosure";
import { useSheetLang, useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { Pending } from "../../ui/pending";
import { SafeLink } from "../../ui/safe-link";
import "./agenda-proposals.css";

type ProposalItem = Extract<OutboxItem, { kind: "proposal" }>;

/**
 * The next meeting's proposed agenda items: the accepted ones marked "accettata", mine that
 * wait to be sent marked "in attesa di invio", and the way to propose one more.
 */
export function AgendaProposals({
  meeting,
  proposals,
  outbox,
  onPropose,
}: {
  meeting: Meeting;
  proposals: Proposal[];
  outbox: OutboxItem[];
  onPropose: () => void;
}) {
  const t = useT();
  const sheetLang = useSheetLang();
  const stored = proposals.filter((proposal) => proposal.meetingId === meeting.id);
  const waiting = outbox.filter(
    (item): item is ProposalItem =>
      item.kind === "proposal" && item.input.meetingId === meeting.id && !stored.some((p) => p.id === item.input.id),
  );
  const count = stored.length + waiting.length;
  const accepted = stored.filter((proposal) => proposal.status === "accepted").length;

  return (
    <Disclosure
      testId="agenda-proposals"
      summary={
        <>
          <span>{count === 0 ? t("proposalsNone") : t("proposalsSummary", count)}</span>
          {accepted > 0 ? <span className="muted"> · {t("proposalsAccepted", accepted)}</span> : null}
        </>
      }
    >
      <div className="disclosure-body">
        {count > 0 ? (
          <ul className="plain-list proposals">
            {stored.map((proposal) => (
              <li key={proposal.id || proposal.title} className="proposal" data-testid="proposal">
                <span className="proposal-title clamp" lang={sheetLang}>
                  {proposal.url ? <SafeLink href={proposal.url}>{proposal.title}</SafeLink> : proposal.title}
                </span>
                {proposal.status === "accepted" ? (
                  <span className="pill pill-confirmed">{t("proposalAccepted")}</span>
                ) : proposal.status === "rejected" ? (
                  <span className="pill pill-muted">{t("proposalRejected")}</span>
                ) : null}
                <span className="proposal-meta muted clamp">{[proposal.ente, proposal.author].filter(Boolean).join(" · ")}</span>
              </li>
            ))}
            {waiting.map((item) => (
              <li key={item.input.id} className="proposal" data-testid="proposal">
                <span className="proposal-title clamp">{item.input.title}</span>
                <Pending />
              </li>
            ))}
          </ul>
        ) : null}
        <button type="button" className="button button-secondary button-block" onClick={onPropose}>
          <Icon name="plus" />
          {t("proposeButton")}
        </button>
      </div>
    </Disclosure>
  );
}

import { type RefObject, useEffect } from "react";

/**
 * After a press that came back with fields to correct, the first of them (in the page's order)
 * takes the focus: its label, "non valido" and its error (aria-describedby) are read, and the
 * next keystroke corrects it. `refusals` counts those presses, so the same error after another
 * press moves the focus again; 0 is none yet. Run after React has rendered the errors, so the
 * field is marked and described when it is focused.
 */
export function useFocusInvalid(container: RefObject<HTMLElement | null>, refusals: number): void {
  useEffect(() => {
    if (refusals === 0) return;
    const field = container.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!field) return;
    field.focus({ preventScroll: true });
    field.scrollIntoView({ block: "nearest" });
  }, [container, refusals]);
}

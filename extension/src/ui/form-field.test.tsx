import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { describedByIds, TextAreaField, TextField } from "./form-field";

const noop = () => undefined;

test("describedByIds() names the error first, then the hint and the other describers, leaving out what is not shown", () => {
  expect(describedByIds("qa-url", "Indirizzo non valido", undefined, "qa-url-duplicate")).toBe("qa-url-error qa-url-duplicate");
  expect(describedByIds("qa-excerpt", undefined, "Il testo selezionato")).toBe("qa-excerpt-hint");
  expect(describedByIds("qa-title", undefined)).toBeUndefined();
});

test("TextField with an error is marked invalid and described by the error shown under it", () => {
  const html = renderToStaticMarkup(
    <TextField id="qa-title" name="title" label="Titolo" value="" onValue={noop} error="Scrivi un titolo" required />,
  );
  expect(html).toBe(
    '<div class="field"><label for="qa-title">Titolo</label>' +
      '<input id="qa-title" name="title" required="" aria-invalid="true" aria-describedby="qa-title-error" value=""/>' +
      '<p class="field-error" id="qa-title-error">Scrivi un titolo</p></div>',
  );
});

test("TextAreaField shows its hint before its error, and what follows the error after both; an invalid textarea says so as an input does", () => {
  const html = renderToStaticMarkup(
    <TextAreaField
      id="pf-excerpt"
      name="excerpt"
      rows={2}
      label="Estratto"
      value="testo"
      onValue={noop}
      error="Troppo lungo"
      hint="Dalla pagina"
    >
      <p id="after">dopo</p>
    </TextAreaField>,
  );
  expect(html).toBe(
    '<div class="field"><label for="pf-excerpt">Estratto</label>' +
      '<textarea id="pf-excerpt" name="excerpt" rows="2" aria-invalid="true" aria-describedby="pf-excerpt-error pf-excerpt-hint">testo</textarea>' +
      '<p class="hint" id="pf-excerpt-hint">Dalla pagina</p><p class="field-error" id="pf-excerpt-error">Troppo lungo</p><p id="after">dopo</p></div>',
  );
});

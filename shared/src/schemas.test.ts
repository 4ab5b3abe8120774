import { describe, expect, test } from "vitest";
import type * as z from "zod/mini";
import {
  AttendanceInputSchema,
  PracticeInputSchema,
  ProjectInputSchema,
  ProjectUpdateInputSchema,
  ProposalInputSchema,
  PublishedInputSchema,
} from "./index.ts";

/**
 * Issue 10.1: every text field of every kind of write loses, at the edge, the characters a sheet
 * cannot hold (one U+FFFF in an .xlsx cell made the whole workbook unreadable). Issue 10.9: a
 * client's UUID is one id whatever its case.
 */

const ID = "0b5c1a52-6a43-4b8e-9d7e-0f4a9d3c2e11";

interface Field {
  schema: z.ZodMiniType;
  schemaName: string;
  /** A valid input the field is set into. */
  base: Record<string, unknown>;
  field: string;
  /** For `tags`: the field is a list and the text is its first item. */
  list?: boolean;
  /** URLs: the bad characters go after a valid address. */
  prefix?: string;
  required: boolean;
}

const practice = { id: ID, title: "Titolo" };
const proposal = { id: ID, meetingId: "m-1", title: "Titolo" };
const attendance = { answer: "delegate", delegate: "Marco Ricci" };
const published = { url: "https://www.comune.lugo.ra.it/albo" };
const project = { id: ID, title: "Titolo" };
const projectUpdate = { id: ID, projectId: "p-1", text: "Testo" };

const FIELDS: Field[] = [
  { schemaName: "PracticeInput", schema: PracticeInputSchema, base: practice, field: "title", required: true },
  {
    schemaName: "PracticeInput",
    schema: PracticeInputSchema,
    base: practice,
    field: "url",
    prefix: "https://example.it/",
    required: false,
  },
  { schemaName: "PracticeInput", schema: PracticeInputSchema, base: practice, field: "excerpt", required: false },
  { schemaName: "PracticeInput", schema: PracticeInputSchema, base: practice, field: "description", required: false },
  // A tag is an item of a list: an item that held only bad characters is an empty tag, refused.
  { schemaName: "PracticeInput", schema: PracticeInputSchema, base: practice, field: "tags", list: true, required: true },
  { schemaName: "ProposalInput", schema: ProposalInputSchema, base: proposal, field: "meetingId", required: true },
  { schemaName: "ProposalInput", schema: ProposalInputSchema, base: proposal, field: "title", required: true },
  { schemaName: "ProposalInput", schema: ProposalInputSchema, base: proposal, field: "description", required: false },
  {
    schemaName: "ProposalInput",
    schema: ProposalInputSchema,
    base: proposal,
    field: "url",
    prefix: "https://example.it/",
    required: false,
  },
  { schemaName: "ProposalInput", schema: ProposalInputSchema, base: proposal, field: "excerpt", required: false },
  { schemaName: "ProposalInput", schema: ProposalInputSchema, base: proposal, field: "projectId", required: false },
  { schemaName: "ProjectInput", schema: ProjectInputSchema, base: project, field: "title", required: true },
  { schemaName: "ProjectInput", schema: ProjectInputSchema, base: project, field: "description", required: false },
  { schemaName: "ProjectInput", schema: ProjectInputSchema, base: project, field: "url", prefix: "https://example.it/", required: false },
  { schemaName: "ProjectInput", schema: ProjectInputSchema, base: project, field: "enti", list: true, required: true },
  { schemaName: "ProjectUpdateInput", schema: ProjectUpdateInputSchema, base: projectUpdate, field: "projectId", required: true },
  { schemaName: "ProjectUpdateInput", schema: ProjectUpdateInputSchema, base: projectUpdate, field: "text", required: true },
  {
    schemaName: "ProjectUpdateInput",
    schema: ProjectUpdateInputSchema,
    base: projectUpdate,
    field: "url",
    prefix: "https://example.it/",
    required: false,
  },
  // Required when the answer is "delegate" (the refine names the field).
  { schemaName: "AttendanceInput", schema: AttendanceInputSchema, base: attendance, field: "delegate", required: true },
  {
    schemaName: "PublishedInput",
    schema: PublishedInputSchema,
    base: published,
    field: "url",
    prefix: "https://example.it/",
    required: true,
  },
];

/** Real bad strings and what must be left of them. */
const BAD: [string, string][] = [
  ["Titolo\uFFFF", "Titolo"],
  ["Tit\uFFFEolo", "Titolo"],
  ["\uD800x", "x"],
  ["x\uDC00y", "xy"],
  ["a\u0007b", "ab"],
  ["a\u0000b\u001Bc\u000Bd\u000Ce", "abcde"],
  ["riga uno\r\nriga due", "riga uno\nriga due"],
];
const ONLY_BAD = "\uFFFF\uD800\u0007\uFFFE";

const ALL_INPUT_SCHEMAS = {
  PracticeInput: PracticeInputSchema,
  ProposalInput: ProposalInputSchema,
  AttendanceInput: AttendanceInputSchema,
  PublishedInput: PublishedInputSchema,
  ProjectInput: ProjectInputSchema,
  ProjectUpdateInput: ProjectUpdateInputSchema,
};

type Def = { type: string; format?: string; innerType?: { _zod: { def: Def } }; element?: { _zod: { def: Def } } };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Every free-text field of an input schema (strings and lists of strings; not UUIDs, not enums). */
function textFields(schema: unknown): string[] {
  const shape = (schema as { shape: Record<string, unknown> }).shape;
  return Object.entries(shape)
    .filter(([, field]) => {
      let def = defOf(field);
      while (def.type === "optional" && def.innerType) def = def.innerType._zod.def;
      if (def.type === "array" && def.element) def = def.element._zod.def;
      return def.type === "string" && def.format !== "uuid";
    })
    .map(([name]) => name);
}

test("the table below covers every text field of every input schema", () => {
  for (const [name, schema] of Object.entries(ALL_INPUT_SCHEMAS)) {
    const covered = FIELDS.filter((field) => field.schemaName === name).map((field) => field.field);
    expect(covered.sort(), name).toEqual(textFields(schema).sort());
  }
});

describe.each(FIELDS)("$schemaName.$field", ({ schema, base, field, list, prefix = "", required }) => {
  const withValue = (value: string) => ({ ...base, [field]: list ? [value] : `${prefix}${value}` });
  const read = (data: Record<string, unknown>) => (list ? (data[field] as string[])[0] : data[field]);

  test.each(BAD)("%j is stored as %j", (bad, clean) => {
    const parsed = schema.safeParse(withValue(bad));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(read(parsed.data as Record<string, unknown>)).toBe(`${list ? "" : prefix}${clean}`);
  });

  test(required ? "only bad characters: empty, so refused as missing" : "only bad characters: left empty", () => {
    const parsed = schema.safeParse(list || prefix === "" ? withValue(ONLY_BAD) : { ...base, [field]: ONLY_BAD });
    if (required) {
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((issue) => issue.path[0])).toContain(field);
    } else {
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(read(parsed.data as Record<string, unknown>)).toBe("");
    }
  });
});

test("a client's UUID is one id whatever its case: stored in lower case", () => {
  const upper = ID.toUpperCase();
  expect(PracticeInputSchema.parse({ id: upper, title: "x" }).id).toBe(ID);
  expect(ProposalInputSchema.parse({ id: upper, meetingId: "m-1", title: "x" }).id).toBe(ID);
  expect(PracticeInputSchema.safeParse({ id: `${upper}\uFFFF`, title: "x" }).success).toBe(false);
});

//! zod → JSON Schema: every corpus schema translates to exactly the Studio's own jsonSchema;
//! untranslatable constructs are located errors.

mod common;
use common::*;

use serde_json::{Value, json};
use widget::zod::to_json_schema;

#[test]
fn corpus_zod_schemas_match_the_studio() {
    let mut n = 0;
    let mut files: Vec<_> = std::fs::read_dir(shared().join("corpus"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "widget"))
        .collect();
    files.sort();
    for f in files {
        let def: Value = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
        let Some(state) = widget::widgetfile::builder_state(&def) else {
            continue;
        };
        if state["schemaMode"] != "zod" {
            continue;
        }
        let src = state["schema"].as_str().unwrap();
        let ours =
            to_json_schema(src).unwrap_or_else(|r| panic!("{}: {:#?}", f.display(), r.errors));
        // The exported jsonSchema is the Studio's translation. (The builder state's own copy can
        // be stale: article_list's still describes an older {title} state.)
        assert_eq!(ours, def["jsonSchema"], "{}", f.display());
        // The default state satisfies it.
        let report =
            widget::schema_infer::validate_state(&state["defaultState"].to_string(), &ours);
        assert!(report.is_valid(), "{}: {:#?}", f.display(), report.errors);
        n += 1;
    }
    assert!(n >= 4, "corpus zod schemas: {n}");
}

#[test]
fn every_supported_construct() {
    let src = r#"
import { z } from "zod";
// A comment.
const Tag = z.enum(["a", "b"]);
export const Item = z.strictObject({
  id: z.string().trim().min(1).max(20),
  n: z.number().int().min(0).max(10),
  price: z.number().positive(),
  ok: z.boolean().optional(),
  tags: z.array(Tag).min(1),
  site: z.url(),
  home: z.string().url().nullable(),
  mail: z.email(),
  kind: z.literal("x"),
  either: z.union([z.string(), z.number()]),
  maybe: z.nullable(z.string()),
  gone: z.string().nullish(),
  note: z.string().describe("free text").default(""),
});
export type Item = z.infer<typeof Item>;
export default z.object({ items: z.array(Item) });
"#;
    let s = to_json_schema(src).unwrap();
    let item = &s["properties"]["items"]["items"];
    assert_eq!(
        item["properties"]["id"],
        json!({"type": "string", "minLength": 1, "maxLength": 20})
    );
    assert_eq!(
        item["properties"]["n"],
        json!({"type": "integer", "minimum": 0, "maximum": 10})
    );
    assert_eq!(
        item["properties"]["tags"],
        json!({"type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "minItems": 1})
    );
    assert_eq!(
        item["properties"]["home"],
        json!({"anyOf": [{"type": "string", "format": "uri"}, {"type": "null"}]})
    );
    assert_eq!(
        item["required"],
        json!([
            "id", "n", "price", "tags", "site", "home", "mail", "kind", "either", "maybe"
        ])
    );
    assert_eq!(item["additionalProperties"], false);
    let ok = json!({"items": [{"id": "a", "n": 3, "price": 1.5, "tags": ["a"], "site": "https://x.y", "home": null, "mail": "a@b.c", "kind": "x", "either": 2, "maybe": null}]});
    assert!(widget::schema_infer::validate_state(&ok.to_string(), &s).is_valid());
    let bad = "{\"items\": [{\"id\": \"\", \"n\": 3.5, \"price\": 1, \"tags\": [\"c\"], \"site\": \"nope\", \"home\": 1, \"mail\": \"x\", \"kind\": \"x\", \"either\": true, \"maybe\": null}]}";
    let r = widget::schema_infer::validate_state(bad, &s);
    let paths: Vec<&str> = r.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "items[0].id",
            "items[0].n",
            "items[0].tags[0]",
            "items[0].site",
            "items[0].home",
            "items[0].mail",
            "items[0].either"
        ]
    );
    assert!(r.errors.iter().all(|e| e.line == 1 && e.column > 1));
}

#[test]
fn untranslatable_constructs_are_located_errors() {
    let e = to_json_schema(
        "import { z } from \"zod\";\nexport default z.object({\n  when: z.date(),\n});",
    )
    .unwrap_err();
    let d = &e.errors[0];
    assert_eq!(d.code, widget::Code::ZodUnsupported);
    assert!(
        d.message
            .starts_with("z.date() cannot be translated to JSON Schema"),
        "{}",
        d.message
    );
    assert_eq!((d.line, d.column), (3, 9));

    let e = to_json_schema("export default z.string().regex(/x/)").unwrap_err();
    assert_eq!(
        e.errors[0].code,
        widget::Code::TemplateSyntax,
        "regex literals are not parsed: {:?}",
        e.errors
    );

    let e = to_json_schema("export default z.string().refine((s) => s.length > 2)").unwrap_err();
    assert!(
        e.errors[0]
            .message
            .contains(".refine() on a string schema cannot be translated")
    );

    let e = to_json_schema("export default Missing").unwrap_err();
    assert!(e.errors[0].message.contains("`Missing` is not defined"));

    let e = to_json_schema("const A = z.object({ a: A });\nexport default A").unwrap_err();
    assert!(e.errors[0].message.contains("nests too deeply"));

    let e = to_json_schema("").unwrap_err();
    assert!(e.errors[0].message.contains("defines nothing"));
}

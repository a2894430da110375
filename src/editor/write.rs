//! Writing a scenario as RON, in the layout of the built-in library: one
//! field per line, four-space indents, the fields in the format's order, and
//! fields left at their defaults left out.

use ron::ser::PrettyConfig;

use crate::scenario::Scenario;

/// The scenario as the text of a `.ron` file.
pub fn to_ron(s: &Scenario) -> String {
    let config = PrettyConfig::new()
        .indentor("    ".to_string())
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    // Serialising the format's own types cannot fail: no maps with odd keys,
    // no floats that are not numbers (validation keeps weights finite).
    let body = ron::ser::to_string_pretty(s, config).unwrap_or_else(|e| format!("// {e}\n"));
    format!("Scenario{body}\n")
}

//! The widget language's types, as data.
//!
//! Every root, component and shared shape of the ChatKit SDK (`openai-chatkit`
//! 1.6.5, checked against its JSON Schema) and of ChatKit.js's published types
//! (`@openai/chatkit` 1.9.0: Table, Card.border, the Basic root's props) is described here once, with a doc
//! comment per prop saying what it does and its default; the allowed values
//! are in the prop's [`Ty`]. The validator, the JSON Schema, the editor's
//! property sheet and the component reference are all generated from these
//! tables, so they cannot drift apart.
//!
//! Props that several components share (the containers' layout, size, spacing and
//! appearance props, the size limits of Image and Chart) are defined once as named
//! [`PropGroup`]s; each component lists its sections in order: shared groups, its own props
//! and its action props. [`Component::groups`] gives them grouped for a property sheet.

/// How a prop may be present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Must be present and not null.
    Required,
    /// Must be present; null is allowed.
    RequiredNullable,
    /// May be absent or null.
    Optional,
    /// May be absent, but not null (fields of the SDK's TypedDicts).
    OptionalNotNull,
}

impl Presence {
    pub fn required(self) -> bool {
        matches!(self, Presence::Required | Presence::RequiredNullable)
    }
    pub fn nullable(self) -> bool {
        matches!(self, Presence::RequiredNullable | Presence::Optional)
    }
}

/// The type of a prop's value, with the SDK's (pydantic lax-mode) reading rules.
#[derive(Debug)]
pub enum Ty {
    /// A string.
    Str,
    /// An integer. The SDK also reads integral floats, booleans and numeric strings.
    Int,
    /// A number. The SDK also reads booleans and numeric strings.
    Float,
    /// A boolean. The SDK also reads 0/1 and strings such as "true", "yes", "off".
    Bool,
    /// Exactly one of these strings.
    Enum(&'static [&'static str]),
    /// The literal `false`.
    False,
    /// A date or date-time: an ISO 8601 string (`2025-01-31`, `2025-01-31T09:00:00Z`).
    /// The SDK also reads Unix timestamps, as numbers or numeric strings.
    DateTime,
    /// An icon: one of [`ICON_NAMES`], or a name starting with `vendor:` or `lucide:`.
    Icon,
    /// Any JSON value.
    Any,
    /// Any one of these types.
    Union(&'static [Ty]),
    /// An array of this type.
    Array(&'static Ty),
    /// An object whose values are all of this type.
    Map(&'static Ty),
    /// An object with known fields (unknown fields are ignored, as by the SDK).
    Shape(&'static Shape),
    /// An object picked by its `type` field among these shapes.
    Tagged(&'static [&'static Shape]),
}

/// One prop of a component or field of a shape.
#[derive(Debug)]
pub struct Prop {
    pub name: &'static str,
    /// What the prop does and its default.
    pub doc: &'static str,
    pub ty: Ty,
    pub presence: Presence,
}

impl Prop {
    /// The default the doc names, when it is one value (`Default: prose.` is `prose`; `Default:
    /// the next chart colour.` or `Default: none.` name none).
    pub fn documented_default(&self) -> Option<&'static str> {
        let (_, after) = self.doc.rsplit_once("Default: ")?;
        let value = after.strip_suffix('.').unwrap_or(after).trim();
        (!value.is_empty() && !value.contains(char::is_whitespace) && value != "none")
            .then_some(value)
    }
}

/// A shared object shape: ThemeColor, Spacing, Border, ActionConfig, …
#[derive(Debug)]
pub struct Shape {
    pub name: &'static str,
    pub doc: &'static str,
    /// For shapes chosen by a `type` field (chart series), the value of that field.
    pub tag: Option<&'static str>,
    pub fields: &'static [Prop],
}

impl Shape {
    pub fn field(&self, name: &str) -> Option<&'static Prop> {
        self.fields.iter().find(|p| p.name == name)
    }
}

/// Where a component may stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Only at the root: Card, ListView, Basic.
    Root,
    /// Inside a root or container.
    Node,
}

/// What a component's `children` may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Children {
    /// Children are not rendered.
    None,
    /// Any number of components.
    Many,
    /// Exactly one component (Transition).
    One,
    /// Only ListViewItem (ListView).
    Items,
    /// Only Table.Row (Table).
    Rows,
    /// Only Table.Cell (Table.Row).
    Cells,
}

/// A root or component and its props.
#[derive(Debug)]
pub struct Component {
    pub name: &'static str,
    pub doc: &'static str,
    pub kind: Kind,
    pub children: Children,
    /// The component's props in order, in sections: shared groups ([`LAYOUT`], [`SIZE`], …),
    /// its own props ([`OWN`]) and its action props ([`ACTIONS`]). `key`, `id`, `type` and
    /// `children` are common to all.
    pub sections: &'static [PropGroup],
}

/// Props shown together in a property sheet: a group shared by several components
/// ([`LAYOUT`], [`SIZE`], …), or a section of one component's own or action props.
#[derive(Debug)]
pub struct PropGroup {
    /// The group's name: "Layout", "Size", …; [`OWN`] for a component's own props,
    /// [`ACTIONS`] for the actions it sends.
    pub name: &'static str,
    pub props: &'static [Prop],
}

/// The name of a section of a component's own props (shown under the component's name).
pub const OWN: &str = "";
/// The name of the group of props that are actions (`onClickAction`, Card's `confirm`, …).
pub const ACTIONS: &str = "Actions";

impl Component {
    /// The prop of this name, including the common `key` and `id`.
    pub fn prop(&self, name: &str) -> Option<&'static Prop> {
        self.props()
            .chain(COMMON_PROPS.iter())
            .find(|p| p.name == name)
    }
    /// The component's own props, without the common ones, in order: what the validator
    /// and the JSON Schema list.
    pub fn props(&self) -> impl Iterator<Item = &'static Prop> + use<> {
        let sections: &'static [PropGroup] = self.sections;
        sections.iter().flat_map(|g| g.props.iter())
    }
    /// Every prop, common ones first.
    pub fn all_props(&self) -> impl Iterator<Item = &'static Prop> + use<> {
        COMMON_PROPS.iter().chain(self.props())
    }
    /// The props grouped for a property sheet, in display order: the component's own props
    /// (named after the component), then the shared groups in the order the component
    /// lists them (Layout, Size, Spacing, Appearance), then Actions. Sections of the same
    /// name are merged; the common `key` and `id` ([`COMMON_PROPS`]) are not included.
    pub fn groups(&self) -> Vec<(&'static str, Vec<&'static Prop>)> {
        let mut out: Vec<(usize, &'static str, Vec<&'static Prop>)> = Vec::new();
        for g in self.sections {
            let (rank, name) = match g.name {
                OWN => (0, self.name),
                ACTIONS => (2, ACTIONS),
                shared => (1, shared),
            };
            match out.iter_mut().find(|(r, n, _)| *r == rank && *n == name) {
                Some((_, _, props)) => props.extend(g.props.iter()),
                None => out.push((rank, name, g.props.iter().collect())),
            }
        }
        // A stable sort: the shared groups keep the component's order.
        out.sort_by_key(|(rank, _, _)| *rank);
        out.into_iter().map(|(_, n, p)| (n, p)).collect()
    }
    pub fn is_root(&self) -> bool {
        self.kind == Kind::Root
    }
}

/// Looks a component up by its exact `type` name.
pub fn component(name: &str) -> Option<&'static Component> {
    COMPONENTS.iter().copied().find(|c| c.name == name)
}

/// Is this an icon name the SDK accepts?
pub fn is_icon_name(name: &str) -> bool {
    name.starts_with("vendor:") || name.starts_with("lucide:") || ICON_NAMES.contains(&name)
}

macro_rules! props {
    ($( $(#[doc = $doc:literal])* $name:literal $presence:ident $ty:expr ;)*) => {
        &[$(Prop {
            name: $name,
            doc: concat!($($doc),*),
            ty: $ty,
            presence: Presence::$presence,
        },)*]
    };
}

/// A [`PropGroup`] named by its first token: `group! { "Size"; /// doc "height" Optional Ty::Str; }`.
macro_rules! group {
    ($name:expr; $($rest:tt)*) => {
        PropGroup {
            name: $name,
            props: props! { $($rest)* },
        }
    };
}

/// A section of a component's own props.
macro_rules! own {
    ($($rest:tt)*) => { group! { OWN; $($rest)* } };
}

/// A section of a component's action props.
macro_rules! actions {
    ($($rest:tt)*) => { group! { ACTIONS; $($rest)* } };
}

/// Props every component has.
pub static COMMON_PROPS: &[Prop] = props! {
    /// Stable identity among siblings; lets the client keep state and animate across updates. Default: none.
    "key" Optional Ty::Str;
    /// Identifier of this node, for streaming updates that target it. Default: none.
    "id" Optional Ty::Str;
};

/// A colour: a token or CSS colour, or one per theme.
pub const COLOR: Ty = Ty::Union(&[Ty::Str, Ty::Shape(&THEME_COLOR)]);

pub const BORDER_STYLE: &[&str] = &[
    "solid", "dashed", "dotted", "double", "groove", "ridge", "inset", "outset",
];
pub const HANDLER: &[&str] = &["client", "server"];
pub const LOADING_BEHAVIOR: &[&str] = &["auto", "none", "self", "container"];
pub const CURVE_TYPE: &[&str] = &[
    "basis",
    "basisClosed",
    "basisOpen",
    "bumpX",
    "bumpY",
    "bump",
    "linear",
    "linearClosed",
    "natural",
    "monotoneX",
    "monotoneY",
    "monotone",
    "step",
    "stepBefore",
    "stepAfter",
];
pub const CARD_SIZE: &[&str] = &["sm", "md", "lg", "full"];
pub const THEME: &[&str] = &["light", "dark"];
pub const ALIGN: &[&str] = &["start", "center", "end", "baseline", "stretch"];
pub const JUSTIFY: &[&str] = &[
    "start", "center", "end", "between", "around", "evenly", "stretch",
];
pub const WRAP: &[&str] = &["nowrap", "wrap", "wrap-reverse"];
pub const RADIUS: &[&str] = &[
    "2xs", "xs", "sm", "md", "lg", "xl", "2xl", "3xl", "4xl", "full", "100%", "none",
];
pub const DIRECTION: &[&str] = &["row", "col"];
pub const WEIGHT: &[&str] = &["normal", "medium", "semibold", "bold"];
pub const TEXT_SIZE: &[&str] = &["xs", "sm", "md", "lg", "xl"];
pub const TEXT_ALIGN: &[&str] = &["start", "center", "end"];
pub const TITLE_SIZE: &[&str] = &["sm", "md", "lg", "xl", "2xl", "3xl", "4xl", "5xl"];
pub const CAPTION_SIZE: &[&str] = &["sm", "md", "lg"];
pub const BADGE_COLOR: &[&str] = &[
    "secondary",
    "success",
    "danger",
    "warning",
    "info",
    "discovery",
];
pub const BADGE_VARIANT: &[&str] = &["solid", "soft", "outline"];
pub const BUTTON_STYLE: &[&str] = &["primary", "secondary"];
pub const BUTTON_ICON_SIZE: &[&str] = &["sm", "md", "lg", "xl", "2xl"];
pub const BUTTON_COLOR: &[&str] = &[
    "primary",
    "secondary",
    "info",
    "discovery",
    "success",
    "caution",
    "warning",
    "danger",
];
pub const CONTROL_VARIANT: &[&str] = &["solid", "soft", "outline", "ghost"];
pub const CONTROL_SIZE: &[&str] = &["3xs", "2xs", "xs", "sm", "md", "lg", "xl", "2xl", "3xl"];
pub const IMAGE_FIT: &[&str] = &["cover", "contain", "fill", "scale-down", "none"];
pub const IMAGE_POSITION: &[&str] = &[
    "top left",
    "top",
    "top right",
    "left",
    "center",
    "right",
    "bottom left",
    "bottom",
    "bottom right",
];
pub const ICON_SIZE: &[&str] = &["xs", "sm", "md", "lg", "xl", "2xl", "3xl"];
pub const SIDE: &[&str] = &["top", "bottom", "left", "right"];
pub const INPUT_TYPE: &[&str] = &["number", "email", "text", "password", "tel", "url"];
pub const INPUT_VARIANT: &[&str] = &["soft", "outline"];
pub const GUTTER_SIZE: &[&str] = &["2xs", "xs", "sm", "md", "lg", "xl"];
pub const TABLE_CELL_ALIGN: &[&str] = &["start", "center", "end"];
pub const TABLE_COL_SIZE: &[&str] = &["xs", "sm", "md", "lg", "xl"];
pub const ICON_NAMES: &[&str] = &[
    "agent",
    "analytics",
    "atom",
    "batch",
    "bolt",
    "book-open",
    "book-closed",
    "book-clock",
    "bug",
    "calendar",
    "chart",
    "check",
    "check-circle",
    "check-circle-filled",
    "chevron-left",
    "chevron-right",
    "circle-question",
    "clock",
    "compass",
    "confetti",
    "cube",
    "desktop",
    "document",
    "dot",
    "dots-horizontal",
    "dots-vertical",
    "empty-circle",
    "external-link",
    "globe",
    "keys",
    "lab",
    "images",
    "info",
    "lifesaver",
    "lightbulb",
    "mail",
    "map-pin",
    "maps",
    "mobile",
    "name",
    "notebook",
    "notebook-pencil",
    "page-blank",
    "phone",
    "play",
    "plus",
    "profile",
    "profile-card",
    "reload",
    "star",
    "star-filled",
    "search",
    "sparkle",
    "sparkle-double",
    "square-code",
    "square-image",
    "square-text",
    "suitcase",
    "settings-slider",
    "user",
    "wreath",
    "write",
    "write-alt",
    "write-alt2",
];

/// A value that differs by theme: {light, dark}.
pub static THEME_COLOR: Shape = Shape {
    name: "ThemeColor",
    doc: "A value that differs by theme: {light, dark}.",
    tag: None,
    fields: props! {
        /// Value in the dark theme.
    "dark" Required Ty::Str;
        /// Value in the light theme.
    "light" Required Ty::Str;
    },
};

/// Spacing per side. Each side is a number on the spacing scale or a CSS length; x and y set two sides at once.
pub static SPACING: Shape = Shape {
    name: "Spacing",
    doc: "Spacing per side. Each side is a number on the spacing scale or a CSS length; x and y set two sides at once.",
    tag: None,
    fields: props! {
        /// Top side.
    "top" OptionalNotNull Ty::Union(&[Ty::Float, Ty::Str]);
        /// Right side.
    "right" OptionalNotNull Ty::Union(&[Ty::Float, Ty::Str]);
        /// Bottom side.
    "bottom" OptionalNotNull Ty::Union(&[Ty::Float, Ty::Str]);
        /// Left side.
    "left" OptionalNotNull Ty::Union(&[Ty::Float, Ty::Str]);
        /// Left and right sides.
    "x" OptionalNotNull Ty::Union(&[Ty::Float, Ty::Str]);
        /// Top and bottom sides.
    "y" OptionalNotNull Ty::Union(&[Ty::Float, Ty::Str]);
    },
};

/// One border: width in pixels, colour and line style.
pub static BORDER: Shape = Shape {
    name: "Border",
    doc: "One border: width in pixels, colour and line style.",
    tag: None,
    fields: props! {
        /// Border width in pixels.
    "size" Required Ty::Int;
        /// Border colour: a border token, CSS colour or {light, dark}. Default: default.
    "color" OptionalNotNull COLOR;
        /// Line style. Default: solid.
    "style" OptionalNotNull Ty::Enum(BORDER_STYLE);
    },
};

/// Borders per side; each a width in pixels or a Border.
pub static BORDERS: Shape = Shape {
    name: "Borders",
    doc: "Borders per side; each a width in pixels or a Border.",
    tag: None,
    fields: props! {
        /// Top border: width in pixels or {size, color, style}.
    "top" OptionalNotNull Ty::Union(&[Ty::Int, Ty::Shape(&BORDER)]);
        /// Right border: width or {size, color, style}.
    "right" OptionalNotNull Ty::Union(&[Ty::Int, Ty::Shape(&BORDER)]);
        /// Bottom border: width or {size, color, style}.
    "bottom" OptionalNotNull Ty::Union(&[Ty::Int, Ty::Shape(&BORDER)]);
        /// Left border: width or {size, color, style}.
    "left" OptionalNotNull Ty::Union(&[Ty::Int, Ty::Shape(&BORDER)]);
        /// Left and right borders: width or {size, color, style}.
    "x" OptionalNotNull Ty::Union(&[Ty::Int, Ty::Shape(&BORDER)]);
        /// Top and bottom borders: width or {size, color, style}.
    "y" OptionalNotNull Ty::Union(&[Ty::Int, Ty::Shape(&BORDER)]);
    },
};

/// An action sent when the user interacts: its type, a JSON payload, who handles it and how loading shows.
pub static ACTION_CONFIG: Shape = Shape {
    name: "ActionConfig",
    doc: "An action sent when the user interacts: its type, a JSON payload, who handles it and how loading shows.",
    tag: None,
    fields: props! {
        /// The action's name, which the handler switches on.
    "type" Required Ty::Str;
        /// Arbitrary JSON sent with the action. Default: none.
    "payload" Optional Ty::Any;
        /// Who handles the action: server (your backend, via the SDK's action method) or client (the onAction callback). Default: server.
    "handler" OptionalNotNull Ty::Enum(HANDLER);
        /// What shows a loading state while the action runs: auto, none, self (the control), or container (the whole widget). Default: auto.
    "loadingBehavior" OptionalNotNull Ty::Enum(LOADING_BEHAVIOR);
        /// Send the action as a streaming request (true) or as a synchronous one that answers with one updated item (false: threads.sync_custom_action). Default: true (the Python SDK sends true when it is left out).
    "streaming" OptionalNotNull Ty::Bool;
    },
};

/// A button under a Card (confirm or cancel) and the action it sends.
pub static CARD_ACTION: Shape = Shape {
    name: "CardAction",
    doc: "A button under a Card (confirm or cancel) and the action it sends.",
    tag: None,
    fields: props! {
        /// Text of the button.
    "label" Required Ty::Str;
        /// The action sent when clicked.
    "action" Required Ty::Shape(&ACTION_CONFIG);
    },
};

/// One choice of a Select.
pub static SELECT_OPTION: Shape = Shape {
    name: "SelectOption",
    doc: "One choice of a Select.",
    tag: None,
    fields: props! {
        /// Value sent in the form data.
    "value" Required Ty::Str;
        /// Text shown for the option.
    "label" Required Ty::Str;
        /// The option cannot be chosen. Default: false.
    "disabled" OptionalNotNull Ty::Bool;
        /// Secondary text under the option's label.
    "description" OptionalNotNull Ty::Str;
    },
};

/// One choice of a RadioGroup.
pub static RADIO_OPTION: Shape = Shape {
    name: "RadioOption",
    doc: "One choice of a RadioGroup.",
    tag: None,
    fields: props! {
        /// Text shown for the option.
    "label" Required Ty::Str;
        /// Value sent in the form data.
    "value" Required Ty::Str;
        /// The option cannot be chosen. Default: false.
    "disabled" OptionalNotNull Ty::Bool;
    },
};

/// Makes a Text an editable field of the enclosing form.
pub static EDITABLE_PROPS: Shape = Shape {
    name: "EditableProps",
    doc: "Makes a Text an editable field of the enclosing form.",
    tag: None,
    fields: props! {
        /// Field name of the edited text in the form data.
    "name" Required Ty::Str;
        /// Focus this field when the widget appears. Default: false.
    "autoFocus" OptionalNotNull Ty::Bool;
        /// Select the whole value when focused. Default: false.
    "autoSelect" OptionalNotNull Ty::Bool;
        /// Browser autocomplete hint (HTML autocomplete). Default: none.
    "autoComplete" OptionalNotNull Ty::Str;
        /// Let password-manager and autofill extensions fill this field. Default: false.
    "allowAutofillExtensions" OptionalNotNull Ty::Bool;
        /// Regular expression the value must match to submit. Default: none.
    "pattern" OptionalNotNull Ty::Str;
        /// Hint shown while the text is empty.
    "placeholder" OptionalNotNull Ty::Str;
        /// The form cannot be submitted while the text is empty. Default: false.
    "required" OptionalNotNull Ty::Bool;
    },
};

/// X-axis settings of a Chart.
pub static X_AXIS_CONFIG: Shape = Shape {
    name: "XAxisConfig",
    doc: "X-axis settings of a Chart.",
    tag: None,
    fields: props! {
        /// Key in each data row that holds the x values.
    "dataKey" Required Ty::Str;
        /// Hide the x axis. Default: false.
    "hide" OptionalNotNull Ty::Bool;
        /// Display labels for x values: {value: label}.
    "labels" OptionalNotNull Ty::Map(&Ty::Str);
    },
};

/// Status line with a favicon image.
pub static STATUS_WITH_FAVICON: Shape = Shape {
    name: "WidgetStatusWithFavicon",
    doc: "Status line with a favicon image.",
    tag: None,
    fields: props! {
        /// Status text.
    "text" Required Ty::Str;
        /// URL of a favicon shown before the status text.
    "favicon" OptionalNotNull Ty::Str;
        /// Draw a frame around the favicon. Default: false.
    "frame" OptionalNotNull Ty::Bool;
    },
};

/// Status line with an SDK icon.
pub static STATUS_WITH_ICON: Shape = Shape {
    name: "WidgetStatusWithIcon",
    doc: "Status line with an SDK icon.",
    tag: None,
    fields: props! {
        /// Status text.
    "text" Required Ty::Str;
        /// Icon shown before the status text.
    "icon" OptionalNotNull Ty::Icon;
    },
};

/// A bar series of a Chart.
pub static BAR_SERIES: Shape = Shape {
    name: "BarSeries",
    doc: "A bar series of a Chart.",
    tag: Some("bar"),
    fields: props! {
        /// Name of the series in the legend and tooltip (null: the dataKey).
    "label" RequiredNullable Ty::Str;
        /// Key in each data row that holds this series' values.
    "dataKey" Required Ty::Str;
        /// Series with the same stack id are stacked. Default: none.
    "stack" Optional Ty::Str;
        /// Series colour: a chart token, CSS colour or {light, dark}. Default: the next chart colour.
    "color" Optional COLOR;
    },
};

/// An area series of a Chart.
pub static AREA_SERIES: Shape = Shape {
    name: "AreaSeries",
    doc: "An area series of a Chart.",
    tag: Some("area"),
    fields: props! {
        /// Name of the series in the legend and tooltip (null: the dataKey).
    "label" RequiredNullable Ty::Str;
        /// Key in each data row that holds this series' values.
    "dataKey" Required Ty::Str;
        /// Series with the same stack id are stacked. Default: none.
    "stack" Optional Ty::Str;
        /// Series colour: a chart token, CSS colour or {light, dark}. Default: the next chart colour.
    "color" Optional COLOR;
        /// Line interpolation between points. Default: monotone.
    "curveType" Optional Ty::Enum(CURVE_TYPE);
    },
};

/// A line series of a Chart.
pub static LINE_SERIES: Shape = Shape {
    name: "LineSeries",
    doc: "A line series of a Chart.",
    tag: Some("line"),
    fields: props! {
        /// Name of the series in the legend and tooltip (null: the dataKey).
    "label" RequiredNullable Ty::Str;
        /// Key in each data row that holds this series' values.
    "dataKey" Required Ty::Str;
        /// Series colour: a chart token, CSS colour or {light, dark}. Default: the next chart colour.
    "color" Optional COLOR;
        /// Line interpolation between points. Default: monotone.
    "curveType" Optional Ty::Enum(CURVE_TYPE);
    },
};

/// How a container lays out its children, and how it flexes inside its parent.
pub const LAYOUT: PropGroup = group! {
    "Layout";
    /// Cross-axis alignment of the children. Default: stretch.
    "align" Optional Ty::Enum(ALIGN);
    /// Main-axis distribution of the children. Default: start.
    "justify" Optional Ty::Enum(JUSTIFY);
    /// Whether children wrap onto new lines when they overflow. Default: nowrap.
    "wrap" Optional Ty::Enum(WRAP);
    /// Flex grow/shrink/basis of this node inside its parent row or column: a number (grow factor) or a CSS flex string. Default: none.
    "flex" Optional Ty::Union(&[Ty::Int, Ty::Str]);
    /// Space between children: a number on the spacing scale (1 = 4px) or a CSS length. Default: none.
    "gap" Optional Ty::Union(&[Ty::Int, Ty::Str]);
};

/// A container's width and height (fractional pixels allowed; Image and Chart take whole pixels
/// and document their own, so they list their own Size sections).
pub const SIZE: PropGroup = group! {
    "Size";
    /// Height: a number of pixels or a CSS length. Default: auto.
    "height" Optional Ty::Union(&[Ty::Float, Ty::Str]);
    /// Width: a number of pixels or a CSS length. Default: auto.
    "width" Optional Ty::Union(&[Ty::Float, Ty::Str]);
    /// Width and height at once: a number of pixels or a CSS length. Default: auto.
    "size" Optional Ty::Union(&[Ty::Float, Ty::Str]);
};

/// Size limits, in pixels or CSS lengths (containers, Image, Chart).
pub const MIN_MAX_SIZE: PropGroup = group! {
    "Size";
    /// Minimum height: pixels or a CSS length. Default: none.
    "minHeight" Optional Ty::Union(&[Ty::Int, Ty::Str]);
    /// Minimum width: pixels or a CSS length. Default: none.
    "minWidth" Optional Ty::Union(&[Ty::Int, Ty::Str]);
    /// Minimum width and height: pixels or a CSS length. Default: none.
    "minSize" Optional Ty::Union(&[Ty::Int, Ty::Str]);
    /// Maximum height: pixels or a CSS length. Default: none.
    "maxHeight" Optional Ty::Union(&[Ty::Int, Ty::Str]);
    /// Maximum width: pixels or a CSS length. Default: none.
    "maxWidth" Optional Ty::Union(&[Ty::Int, Ty::Str]);
    /// Maximum width and height: pixels or a CSS length. Default: none.
    "maxSize" Optional Ty::Union(&[Ty::Int, Ty::Str]);
};

/// Inner and outer spacing of a container.
pub const PADDING_MARGIN: PropGroup = group! {
    "Spacing";
    /// Inner spacing: a number on the spacing scale, a CSS length, or per side {top, right, bottom, left, x, y}. Default: none.
    "padding" Optional Ty::Union(&[Ty::Float, Ty::Str, Ty::Shape(&SPACING)]);
    /// Outer spacing: a number on the spacing scale, a CSS length, or per side {top, right, bottom, left, x, y}. Default: none.
    "margin" Optional Ty::Union(&[Ty::Float, Ty::Str, Ty::Shape(&SPACING)]);
};

/// A container's border, corners and background.
pub const BORDER_BACKGROUND: PropGroup = group! {
    "Appearance";
    /// Border: a width in pixels, one border {size, color, style}, or per side {top, right, bottom, left, x, y}. Default: none.
    "border" Optional Ty::Union(&[Ty::Int, Ty::Shape(&BORDER), Ty::Shape(&BORDERS)]);
    /// Corner radius token. Default: none.
    "radius" Optional Ty::Enum(RADIUS);
    /// Background: a colour token, a CSS colour or gradient, or {light, dark}. Default: transparent.
    "background" Optional COLOR;
};

/// Width-to-height ratio (containers, Image, Chart).
pub const ASPECT_RATIO: PropGroup = group! {
    "Size";
    /// Width-to-height ratio: a number (16/9 ≈ 1.78) or a CSS ratio string such as "16 / 9". Default: none.
    "aspectRatio" Optional Ty::Union(&[Ty::Float, Ty::Str]);
};

/// A bounded container for a widget, with optional status line and confirm/cancel buttons below.
pub static CARD: Component = Component {
    name: "Card",
    doc: "A bounded container for a widget, with optional status line and confirm/cancel buttons below.",
    kind: Kind::Root,
    children: Children::Many,
    sections: &[
        own! {
            /// Treat the whole card as a form: submit buttons and confirm send all field values. Default: false.
            "asForm" Optional Ty::Bool;
        },
        group! {
            "Appearance";
            /// Card background: a surface token, CSS colour or gradient, or {light, dark}. Default: surface.
            "background" Optional COLOR;
            /// Border of the card: a width in pixels, one border {size, color, style}, or per side {top, right, bottom, left, x, y} (ChatKit.js 1.7.0 and later; the Python SDK drops it). Default: the card's standard border.
            "border" Optional Ty::Union(&[Ty::Int, Ty::Shape(&BORDER), Ty::Shape(&BORDERS)]);
        },
        own! {
            /// Width preset of the card. Default: md.
            "size" Optional Ty::Enum(CARD_SIZE);
        },
        group! {
            "Spacing";
            /// Inner spacing of the card. Default: the card's standard padding.
            "padding" Optional Ty::Union(&[Ty::Float, Ty::Str, Ty::Shape(&SPACING)]);
        },
        own! {
            /// Status line above the card: {text, icon} or {text, favicon, frame}. Default: none.
            "status" Optional Ty::Union(&[Ty::Shape(&STATUS_WITH_FAVICON), Ty::Shape(&STATUS_WITH_ICON)]);
            /// Show the card collapsed to its status line. Default: false.
            "collapsed" Optional Ty::Bool;
        },
        actions! {
            /// Primary button under the card: {label, action}. Default: none.
            "confirm" Optional Ty::Shape(&CARD_ACTION);
            /// Secondary button under the card: {label, action}. Default: none.
            "cancel" Optional Ty::Shape(&CARD_ACTION);
        },
        own! {
            /// Force the widget's colour theme regardless of the host. Default: the host's theme.
            "theme" Optional Ty::Enum(THEME);
        },
    ],
};

/// A vertical list of ListViewItem rows with an optional "show more" limit and status line.
pub static LIST_VIEW: Component = Component {
    name: "ListView",
    doc: "A vertical list of ListViewItem rows with an optional \"show more\" limit and status line.",
    kind: Kind::Root,
    children: Children::Items,
    sections: &[own! {
        /// Show at most this many items with a "show more" control, or auto. Default: all.
        "limit" Optional Ty::Union(&[Ty::Int, Ty::Enum(&["auto"])]);
        /// Status line above the card: {text, icon} or {text, favicon, frame}. Default: none.
        "status" Optional Ty::Union(&[Ty::Shape(&STATUS_WITH_FAVICON), Ty::Shape(&STATUS_WITH_ICON)]);
        /// Force the widget's colour theme regardless of the host. Default: the host's theme.
        "theme" Optional Ty::Enum(THEME);
    }],
};

/// A bare root without card chrome, for entity previews and inline widgets.
pub static BASIC: Component = Component {
    name: "Basic",
    doc: "A bare root without card chrome, for entity previews and inline widgets.",
    kind: Kind::Root,
    children: Children::Many,
    sections: &[
        own! {
            /// Force the widget's colour theme regardless of the host (ChatKit.js; the Python SDK drops it). Default: the host's theme.
            "theme" Optional Ty::Enum(THEME);
            /// Main axis: row (horizontal) or col (vertical) (ChatKit.js; the Python SDK drops it). Default: col.
            "direction" Optional Ty::Enum(DIRECTION);
        },
        group! {
            "Layout";
            /// Space between children: a number on the spacing scale (1 = 4px) or a CSS length (ChatKit.js; the Python SDK drops it). Default: none.
            "gap" Optional Ty::Union(&[Ty::Int, Ty::Str]);
            /// Cross-axis alignment of the children (ChatKit.js; the Python SDK drops it). Default: stretch.
            "align" Optional Ty::Enum(ALIGN);
            /// Main-axis distribution of the children (ChatKit.js; the Python SDK drops it). Default: start.
            "justify" Optional Ty::Enum(JUSTIFY);
        },
        group! {
            "Spacing";
            /// Inner spacing: a number on the spacing scale, a CSS length, or per side {top, right, bottom, left, x, y} (ChatKit.js; the Python SDK drops it). Default: none.
            "padding" Optional Ty::Union(&[Ty::Float, Ty::Str, Ty::Shape(&SPACING)]);
        },
    ],
};

/// A flex container with direction, spacing, sizing, border and background.
pub static BOX: Component = Component {
    name: "Box",
    doc: "A flex container with direction, spacing, sizing, border and background.",
    kind: Kind::Node,
    children: Children::Many,
    sections: &[
        LAYOUT,
        SIZE,
        MIN_MAX_SIZE,
        PADDING_MARGIN,
        BORDER_BACKGROUND,
        ASPECT_RATIO,
        own! {
            /// Main axis: row (horizontal) or col (vertical). Default: col.
            "direction" Optional Ty::Enum(DIRECTION);
        },
    ],
};

/// A horizontal flex container.
pub static ROW: Component = Component {
    name: "Row",
    doc: "A horizontal flex container.",
    kind: Kind::Node,
    children: Children::Many,
    sections: &[
        LAYOUT,
        SIZE,
        MIN_MAX_SIZE,
        PADDING_MARGIN,
        BORDER_BACKGROUND,
        ASPECT_RATIO,
    ],
};

/// A vertical flex container.
pub static COL: Component = Component {
    name: "Col",
    doc: "A vertical flex container.",
    kind: Kind::Node,
    children: Children::Many,
    sections: &[
        LAYOUT,
        SIZE,
        MIN_MAX_SIZE,
        PADDING_MARGIN,
        BORDER_BACKGROUND,
        ASPECT_RATIO,
    ],
};

/// A flex container whose fields are sent with its onSubmitAction when a submit button is clicked.
pub static FORM: Component = Component {
    name: "Form",
    doc: "A flex container whose fields are sent with its onSubmitAction when a submit button is clicked.",
    kind: Kind::Node,
    children: Children::Many,
    sections: &[
        LAYOUT,
        SIZE,
        MIN_MAX_SIZE,
        PADDING_MARGIN,
        BORDER_BACKGROUND,
        ASPECT_RATIO,
        actions! {
            /// The action sent when a submit button inside the form is clicked; its payload is merged with the form's field values. Default: none.
            "onSubmitAction" Optional Ty::Shape(&ACTION_CONFIG);
        },
        own! {
            /// Main axis: row (horizontal) or col (vertical). Default: col.
            "direction" Optional Ty::Enum(DIRECTION);
        },
    ],
};

/// A paragraph of text; optionally an editable field.
pub static TEXT: Component = Component {
    name: "Text",
    doc: "A paragraph of text; optionally an editable field.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[own! {
        /// The text to show.
        "value" Required Ty::Str;
        /// Whether the value is still streaming in; the client shows a typing cursor. Default: false.
        "streaming" Optional Ty::Bool;
        /// Italic text. Default: false.
        "italic" Optional Ty::Bool;
        /// Strike-through text. Default: false.
        "lineThrough" Optional Ty::Bool;
        /// Text colour: a text token (prose, primary, secondary, tertiary, emphasis, success, warning, danger), a palette colour, a CSS colour, or {light, dark}. Default: prose.
        "color" Optional COLOR;
        /// Font weight. Default: normal.
        "weight" Optional Ty::Enum(WEIGHT);
        /// Width of the text block: pixels or CSS length. Default: auto.
        "width" Optional Ty::Union(&[Ty::Float, Ty::Str]);
        /// Text size. Default: md.
        "size" Optional Ty::Enum(TEXT_SIZE);
        /// Horizontal text alignment. Default: start.
        "textAlign" Optional Ty::Enum(TEXT_ALIGN);
        /// Cut the text with an ellipsis when it overflows one line. Default: false.
        "truncate" Optional Ty::Bool;
        /// Reserve at least this many lines of height. Default: none.
        "minLines" Optional Ty::Int;
        /// Clamp the text to at most this many lines. Default: none.
        "maxLines" Optional Ty::Int;
        /// Make the text an editable field inside a form: false, or {name, placeholder, required, pattern, …}. Default: false.
        "editable" Optional Ty::Union(&[Ty::False, Ty::Shape(&EDITABLE_PROPS)]);
    }],
};

/// A heading.
pub static TITLE: Component = Component {
    name: "Title",
    doc: "A heading.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[own! {
        /// The text to show.
        "value" Required Ty::Str;
        /// Title colour: a text token, palette colour, CSS colour or {light, dark}. Default: emphasis.
        "color" Optional COLOR;
        /// Font weight. Default: normal.
        "weight" Optional Ty::Enum(WEIGHT);
        /// Title size. Default: md.
        "size" Optional Ty::Enum(TITLE_SIZE);
        /// Horizontal text alignment. Default: start.
        "textAlign" Optional Ty::Enum(TEXT_ALIGN);
        /// Cut the text with an ellipsis when it overflows one line. Default: false.
        "truncate" Optional Ty::Bool;
        /// Clamp the text to at most this many lines. Default: none.
        "maxLines" Optional Ty::Int;
    }],
};

/// Small supporting text.
pub static CAPTION: Component = Component {
    name: "Caption",
    doc: "Small supporting text.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[own! {
        /// The text to show.
        "value" Required Ty::Str;
        /// Caption colour: a text token, palette colour, CSS colour or {light, dark}. Default: secondary.
        "color" Optional COLOR;
        /// Font weight. Default: normal.
        "weight" Optional Ty::Enum(WEIGHT);
        /// Caption size. Default: md.
        "size" Optional Ty::Enum(CAPTION_SIZE);
        /// Horizontal text alignment. Default: start.
        "textAlign" Optional Ty::Enum(TEXT_ALIGN);
        /// Cut the text with an ellipsis when it overflows one line. Default: false.
        "truncate" Optional Ty::Bool;
        /// Clamp the text to at most this many lines. Default: none.
        "maxLines" Optional Ty::Int;
    }],
};

/// Rich text from Markdown.
pub static MARKDOWN: Component = Component {
    name: "Markdown",
    doc: "Rich text from Markdown.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[own! {
        /// Markdown source (CommonMark with tables).
        "value" Required Ty::Str;
        /// Whether the value is still streaming in; the client shows a typing cursor. Default: false.
        "streaming" Optional Ty::Bool;
    }],
};

/// A small label for status or metadata.
pub static BADGE: Component = Component {
    name: "Badge",
    doc: "A small label for status or metadata.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[own! {
        /// Text of the badge.
        "label" Required Ty::Str;
        /// Badge colour. Default: secondary.
        "color" Optional Ty::Enum(BADGE_COLOR);
        /// Badge fill. Default: soft.
        "variant" Optional Ty::Enum(BADGE_VARIANT);
        /// Badge size. Default: sm.
        "size" Optional Ty::Enum(CAPTION_SIZE);
        /// Fully rounded ends. Default: false.
        "pill" Optional Ty::Bool;
    }],
};

/// A button that sends an action or submits the enclosing form.
pub static BUTTON: Component = Component {
    name: "Button",
    doc: "A button that sends an action or submits the enclosing form.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[
        own! {
            /// Submit the enclosing Form (or asForm Card) when clicked; its action receives the form's values. Default: false.
            "submit" Optional Ty::Bool;
            /// Text on the button. Default: none (icon-only).
            "label" Optional Ty::Str;
        },
        actions! {
            /// The action sent when clicked: {type, payload, handler, loadingBehavior}. Default: none.
            "onClickAction" Optional Ty::Shape(&ACTION_CONFIG);
        },
        own! {
            /// Icon before the label: an SDK icon name or vendor:/lucide: prefixed name. Default: none.
            "iconStart" Optional Ty::Icon;
            /// Icon after the label: an SDK icon name or vendor:/lucide: prefixed name. Default: none.
            "iconEnd" Optional Ty::Icon;
            /// Legacy emphasis (primary or secondary); prefer color and variant. Default: none.
            "style" Optional Ty::Enum(BUTTON_STYLE);
            /// Size of the start and end icons. Default: follows size.
            "iconSize" Optional Ty::Enum(BUTTON_ICON_SIZE);
            /// Colour of the button. Default: secondary.
            "color" Optional Ty::Enum(BUTTON_COLOR);
            /// Visual variant. Default: solid.
            "variant" Optional Ty::Enum(CONTROL_VARIANT);
            /// Control size. Default: md.
            "size" Optional Ty::Enum(CONTROL_SIZE);
            /// Fully rounded ends. Default: false.
            "pill" Optional Ty::Bool;
            /// Equal width and height (an icon-only square button). Default: false.
            "uniform" Optional Ty::Bool;
            /// Stretch to the full width of the container. Default: false.
            "block" Optional Ty::Bool;
            /// Render disabled and ignore interaction. Default: false.
            "disabled" Optional Ty::Bool;
        },
    ],
};

/// An image from a URL.
pub static IMAGE: Component = Component {
    name: "Image",
    doc: "An image from a URL.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[
        own! {
            /// Image URL (http, https or data:image).
            "src" Required Ty::Str;
            /// Alternative text for screen readers. Default: empty (decorative).
            "alt" Optional Ty::Str;
            /// How the image fills its box (CSS object-fit). Default: cover.
            "fit" Optional Ty::Enum(IMAGE_FIT);
            /// Which part of the image stays visible when cropped (CSS object-position). Default: center.
            "position" Optional Ty::Enum(IMAGE_POSITION);
        },
        group! {
            "Appearance";
            /// Corner radius token. Default: none.
            "radius" Optional Ty::Enum(RADIUS);
        },
        own! {
            /// Draw a subtle frame around the image. Default: false.
            "frame" Optional Ty::Bool;
            /// Bleed to the edges of the enclosing card, ignoring its padding. Default: false.
            "flush" Optional Ty::Bool;
        },
        group! {
            "Size";
            /// Height: a number of pixels or a CSS length. Default: auto.
            "height" Optional Ty::Union(&[Ty::Int, Ty::Str]);
            /// Width: a number of pixels or a CSS length. Default: auto.
            "width" Optional Ty::Union(&[Ty::Int, Ty::Str]);
            /// Width and height at once: pixels or a CSS length. Default: natural size.
            "size" Optional Ty::Union(&[Ty::Int, Ty::Str]);
        },
        MIN_MAX_SIZE,
        group! {
            "Spacing";
            /// Outer spacing: spacing scale number, CSS length or per side. Default: none.
            "margin" Optional Ty::Union(&[Ty::Int, Ty::Str, Ty::Shape(&SPACING)]);
        },
        group! {
            "Appearance";
            /// Background behind transparent or letterboxed images. Default: none.
            "background" Optional COLOR;
        },
        ASPECT_RATIO,
        group! {
            "Layout";
            /// Flex grow/shrink/basis of this node inside its parent row or column: a number (grow factor) or a CSS flex string. Default: none.
            "flex" Optional Ty::Union(&[Ty::Int, Ty::Str]);
        },
    ],
};

/// An icon from the SDK's set (or a vendor:/lucide: name).
pub static ICON: Component = Component {
    name: "Icon",
    doc: "An icon from the SDK's set (or a vendor:/lucide: name).",
    kind: Kind::Node,
    children: Children::None,
    sections: &[own! {
        /// Which icon: an SDK icon name, or a vendor:/lucide: prefixed name.
        "name" Required Ty::Icon;
        /// Icon colour: a text token, palette colour, CSS colour or {light, dark}. Default: currentColor.
        "color" Optional COLOR;
        /// Icon size. Default: md.
        "size" Optional Ty::Enum(ICON_SIZE);
    }],
};

/// A horizontal rule.
pub static DIVIDER: Component = Component {
    name: "Divider",
    doc: "A horizontal rule.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[own! {
        /// Line colour: a border token (default, subtle, strong), a CSS colour or {light, dark}. Default: default.
        "color" Optional COLOR;
        /// Line thickness: pixels or a CSS length. Default: 1.
        "size" Optional Ty::Union(&[Ty::Int, Ty::Str]);
        /// Space above and below the divider: spacing scale number or CSS length. Default: none.
        "spacing" Optional Ty::Union(&[Ty::Int, Ty::Str]);
        /// Bleed to the edges of the enclosing card, ignoring its padding. Default: false.
        "flush" Optional Ty::Bool;
    }],
};

/// Flexible empty space that pushes siblings apart.
pub static SPACER: Component = Component {
    name: "Spacer",
    doc: "Flexible empty space that pushes siblings apart.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[own! {
        /// Smallest space the spacer keeps: pixels or CSS length. Default: 0.
        "minSize" Optional Ty::Union(&[Ty::Int, Ty::Str]);
    }],
};

/// A dropdown choice field.
pub static SELECT: Component = Component {
    name: "Select",
    doc: "A dropdown choice field.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[
        own! {
            /// Field name: the key of this control's value in the form data sent with actions.
            "name" Required Ty::Str;
            /// The choices: {value, label, disabled, description}.
            "options" Required Ty::Array(&Ty::Shape(&SELECT_OPTION));
        },
        actions! {
            /// The action sent when the value changes. Default: none.
            "onChangeAction" Optional Ty::Shape(&ACTION_CONFIG);
        },
        own! {
            /// Hint shown while empty. Default: none.
            "placeholder" Optional Ty::Str;
            /// Initial value. Default: empty.
            "defaultValue" Optional Ty::Str;
            /// Field style. Default: outline.
            "variant" Optional Ty::Enum(CONTROL_VARIANT);
            /// Control size. Default: md.
            "size" Optional Ty::Enum(CONTROL_SIZE);
            /// Fully rounded ends. Default: false.
            "pill" Optional Ty::Bool;
            /// Stretch to the full width of the container. Default: false.
            "block" Optional Ty::Bool;
            /// Show a control that clears the value. Default: false.
            "clearable" Optional Ty::Bool;
            /// Render disabled and ignore interaction. Default: false.
            "disabled" Optional Ty::Bool;
            /// Filter the options by typing. Default: false.
            "searchable" Optional Ty::Bool;
        },
    ],
};

/// A date field with a calendar.
pub static DATE_PICKER: Component = Component {
    name: "DatePicker",
    doc: "A date field with a calendar.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[
        own! {
            /// Field name: the key of this control's value in the form data sent with actions.
            "name" Required Ty::Str;
        },
        actions! {
            /// The action sent when the value changes. Default: none.
            "onChangeAction" Optional Ty::Shape(&ACTION_CONFIG);
        },
        own! {
            /// Hint shown while empty. Default: none.
            "placeholder" Optional Ty::Str;
            /// Initial date (ISO 8601). Default: empty.
            "defaultValue" Optional Ty::DateTime;
            /// Earliest selectable date (ISO 8601). Default: none.
            "min" Optional Ty::DateTime;
            /// Latest selectable date (ISO 8601). Default: none.
            "max" Optional Ty::DateTime;
            /// Field style. Default: outline.
            "variant" Optional Ty::Enum(CONTROL_VARIANT);
            /// Control size. Default: md.
            "size" Optional Ty::Enum(CONTROL_SIZE);
            /// Side of the field where the calendar opens. Default: bottom.
            "side" Optional Ty::Enum(SIDE);
            /// Alignment of the calendar against the field. Default: start.
            "align" Optional Ty::Enum(TEXT_ALIGN);
            /// Fully rounded ends. Default: false.
            "pill" Optional Ty::Bool;
            /// Stretch to the full width of the container. Default: false.
            "block" Optional Ty::Bool;
            /// Show a control that clears the value. Default: false.
            "clearable" Optional Ty::Bool;
            /// Render disabled and ignore interaction. Default: false.
            "disabled" Optional Ty::Bool;
        },
    ],
};

/// A checkbox field.
pub static CHECKBOX: Component = Component {
    name: "Checkbox",
    doc: "A checkbox field.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[
        own! {
            /// Field name: the key of this control's value in the form data sent with actions.
            "name" Required Ty::Str;
            /// Text beside the checkbox. Default: none.
            "label" Optional Ty::Str;
            /// Initially checked. Default: false.
            "defaultChecked" Optional Ty::Bool;
        },
        actions! {
            /// The action sent when the value changes. Default: none.
            "onChangeAction" Optional Ty::Shape(&ACTION_CONFIG);
        },
        own! {
            /// Render disabled and ignore interaction. Default: false.
            "disabled" Optional Ty::Bool;
            /// The form cannot be submitted while this field is empty. Default: false.
            "required" Optional Ty::Bool;
        },
    ],
};

/// A single-line text field.
pub static INPUT: Component = Component {
    name: "Input",
    doc: "A single-line text field.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[own! {
        /// Field name: the key of this control's value in the form data sent with actions.
        "name" Required Ty::Str;
        /// Kind of text input (HTML input type). Default: text.
        "inputType" Optional Ty::Enum(INPUT_TYPE);
        /// Initial value. Default: empty.
        "defaultValue" Optional Ty::Str;
        /// The form cannot be submitted while this field is empty. Default: false.
        "required" Optional Ty::Bool;
        /// Regular expression the value must match to submit. Default: none.
        "pattern" Optional Ty::Str;
        /// Hint shown while empty. Default: none.
        "placeholder" Optional Ty::Str;
        /// Let password-manager and autofill extensions fill this field. Default: false.
        "allowAutofillExtensions" Optional Ty::Bool;
        /// Select the whole value when focused. Default: false.
        "autoSelect" Optional Ty::Bool;
        /// Focus this field when the widget appears. Default: false.
        "autoFocus" Optional Ty::Bool;
        /// Render disabled and ignore interaction. Default: false.
        "disabled" Optional Ty::Bool;
        /// Field style. Default: outline.
        "variant" Optional Ty::Enum(INPUT_VARIANT);
        /// Control size. Default: md.
        "size" Optional Ty::Enum(CONTROL_SIZE);
        /// Horizontal padding inside the field. Default: md.
        "gutterSize" Optional Ty::Enum(GUTTER_SIZE);
        /// Fully rounded ends. Default: false.
        "pill" Optional Ty::Bool;
    }],
};

/// A label for a form field.
pub static LABEL: Component = Component {
    name: "Label",
    doc: "A label for a form field.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[own! {
        /// Text of the label.
        "value" Required Ty::Str;
        /// Name of the form field this label describes (its `name`).
        "fieldName" Required Ty::Str;
        /// Label size. Default: sm.
        "size" Optional Ty::Enum(TEXT_SIZE);
        /// Font weight. Default: normal.
        "weight" Optional Ty::Enum(WEIGHT);
        /// Horizontal text alignment. Default: start.
        "textAlign" Optional Ty::Enum(TEXT_ALIGN);
        /// Label colour. Default: prose.
        "color" Optional COLOR;
    }],
};

/// A group of radio buttons.
pub static RADIO_GROUP: Component = Component {
    name: "RadioGroup",
    doc: "A group of radio buttons.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[
        own! {
            /// Field name: the key of this control's value in the form data sent with actions.
            "name" Required Ty::Str;
            /// The choices: {label, value, disabled}.
            "options" Optional Ty::Array(&Ty::Shape(&RADIO_OPTION));
            /// Accessible name of the group for screen readers. Default: none.
            "ariaLabel" Optional Ty::Str;
        },
        actions! {
            /// The action sent when the value changes. Default: none.
            "onChangeAction" Optional Ty::Shape(&ACTION_CONFIG);
        },
        own! {
            /// Initial value. Default: empty.
            "defaultValue" Optional Ty::Str;
            /// Lay the options out in a row or a column. Default: col.
            "direction" Optional Ty::Enum(DIRECTION);
            /// Render disabled and ignore interaction. Default: false.
            "disabled" Optional Ty::Bool;
            /// The form cannot be submitted while this field is empty. Default: false.
            "required" Optional Ty::Bool;
        },
    ],
};

/// A multi-line text field.
pub static TEXTAREA: Component = Component {
    name: "Textarea",
    doc: "A multi-line text field.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[own! {
        /// Field name: the key of this control's value in the form data sent with actions.
        "name" Required Ty::Str;
        /// Initial value. Default: empty.
        "defaultValue" Optional Ty::Str;
        /// The form cannot be submitted while this field is empty. Default: false.
        "required" Optional Ty::Bool;
        /// Regular expression the value must match to submit. Default: none.
        "pattern" Optional Ty::Str;
        /// Hint shown while empty. Default: none.
        "placeholder" Optional Ty::Str;
        /// Select the whole value when focused. Default: false.
        "autoSelect" Optional Ty::Bool;
        /// Focus this field when the widget appears. Default: false.
        "autoFocus" Optional Ty::Bool;
        /// Render disabled and ignore interaction. Default: false.
        "disabled" Optional Ty::Bool;
        /// Field style. Default: outline.
        "variant" Optional Ty::Enum(INPUT_VARIANT);
        /// Control size. Default: md.
        "size" Optional Ty::Enum(CONTROL_SIZE);
        /// Horizontal padding inside the field. Default: md.
        "gutterSize" Optional Ty::Enum(GUTTER_SIZE);
        /// Visible number of text lines. Default: 3.
        "rows" Optional Ty::Int;
        /// Grow with the content up to maxRows. Default: false.
        "autoResize" Optional Ty::Bool;
        /// Largest number of rows when autoResize grows the field. Default: none.
        "maxRows" Optional Ty::Int;
        /// Let password-manager and autofill extensions fill this field. Default: false.
        "allowAutofillExtensions" Optional Ty::Bool;
    }],
};

/// Animates between versions of its single child when the child's key changes.
pub static TRANSITION: Component = Component {
    name: "Transition",
    doc: "Animates between versions of its single child when the child's key changes.",
    kind: Kind::Node,
    children: Children::One,
    sections: &[],
};

/// A bar, area or line chart.
pub static CHART: Component = Component {
    name: "Chart",
    doc: "A bar, area or line chart.",
    kind: Kind::Node,
    children: Children::None,
    sections: &[
        own! {
            /// Rows of the chart: objects mapping keys to strings or numbers.
            "data" Required Ty::Array(&Ty::Map(&Ty::Union(&[Ty::Str, Ty::Int, Ty::Float])));
            /// The series to draw: {type: bar|area|line, dataKey, label, color, stack, curveType}.
            "series" Required Ty::Array(&Ty::Tagged(&[&BAR_SERIES, &AREA_SERIES, &LINE_SERIES]));
            /// The key of the x-axis values, or {dataKey, hide, labels}.
            "xAxis" Required Ty::Union(&[Ty::Str, Ty::Shape(&X_AXIS_CONFIG)]);
            /// Show the y axis. Default: false.
            "showYAxis" Optional Ty::Bool;
            /// Show the legend. Default: true.
            "showLegend" Optional Ty::Bool;
            /// Show a tooltip on hover. Default: true.
            "showTooltip" Optional Ty::Bool;
            /// Gap in pixels between bars of the same category. Default: 4.
            "barGap" Optional Ty::Int;
            /// Gap in pixels between categories of bars. Default: 10.
            "barCategoryGap" Optional Ty::Int;
        },
        group! {
            "Layout";
            /// Flex of the chart inside its parent. Default: none.
            "flex" Optional Ty::Union(&[Ty::Int, Ty::Str]);
        },
        group! {
            "Size";
            /// Chart height: pixels or CSS length. Default: 200.
            "height" Optional Ty::Union(&[Ty::Int, Ty::Str]);
            /// Width: a number of pixels or a CSS length. Default: auto.
            "width" Optional Ty::Union(&[Ty::Int, Ty::Str]);
            /// Width and height at once: a number of pixels or a CSS length. Default: auto.
            "size" Optional Ty::Union(&[Ty::Int, Ty::Str]);
        },
        MIN_MAX_SIZE,
        ASPECT_RATIO,
    ],
};

/// One row of a ListView; may be clickable as a whole.
pub static LIST_VIEW_ITEM: Component = Component {
    name: "ListViewItem",
    doc: "One row of a ListView; may be clickable as a whole.",
    kind: Kind::Node,
    children: Children::Many,
    sections: &[
        actions! {
            /// The action sent when the whole row is clicked. Default: none.
            "onClickAction" Optional Ty::Shape(&ACTION_CONFIG);
        },
        group! {
            "Layout";
            /// Space between the item's children. Default: none.
            "gap" Optional Ty::Union(&[Ty::Int, Ty::Str]);
            /// Cross-axis alignment of the item's children. Default: center.
            "align" Optional Ty::Enum(ALIGN);
        },
    ],
};

/// A table of rows (ChatKit.js 1.7.0 and later; the Python SDK's typed models have none).
pub static TABLE: Component = Component {
    name: "Table",
    doc: "A table of Table.Row rows (ChatKit.js 1.7.0 and later; the Python SDK's typed models have no Table).",
    kind: Kind::Node,
    children: Children::Rows,
    sections: &[],
};

/// One row of a Table.
pub static TABLE_ROW: Component = Component {
    name: "Table.Row",
    doc: "One row of a Table, holding Table.Cell cells; a header row draws header cells.",
    kind: Kind::Node,
    children: Children::Cells,
    sections: &[own! {
        /// Draw this row's cells as header cells. Default: false.
        "header" Optional Ty::Bool;
    }],
};

/// One cell of a Table.Row.
pub static TABLE_CELL: Component = Component {
    name: "Table.Cell",
    doc: "One cell of a Table.Row, holding any components.",
    kind: Kind::Node,
    children: Children::Many,
    sections: &[
        group! {
            "Size";
            /// Width of the cell's column: a number of pixels or a CSS length. Default: auto.
            "width" Optional Ty::Union(&[Ty::Float, Ty::Str]);
            /// Width preset of the cell's column. Default: auto.
            "colSize" Optional Ty::Enum(TABLE_COL_SIZE);
        },
        group! {
            "Spacing";
            /// Inner spacing per side {top, right, bottom, left, x, y}. Default: the table's standard padding.
            "padding" Optional Ty::Shape(&SPACING);
        },
        own! {
            /// Number of columns the cell spans. Default: 1.
            "colSpan" Optional Ty::Int;
            /// Number of rows the cell spans. Default: 1.
            "rowSpan" Optional Ty::Int;
        },
        group! {
            "Layout";
            /// Horizontal alignment of the cell's content. Default: start.
            "align" Optional Ty::Enum(TABLE_CELL_ALIGN);
            /// Vertical alignment of the cell's content. Default: center.
            "vAlign" Optional Ty::Enum(TABLE_CELL_ALIGN);
        },
    ],
};

/// Every root and component, roots first.
pub static COMPONENTS: &[&Component] = &[
    &CARD,
    &LIST_VIEW,
    &BASIC,
    &BOX,
    &ROW,
    &COL,
    &FORM,
    &TEXT,
    &TITLE,
    &CAPTION,
    &MARKDOWN,
    &BADGE,
    &BUTTON,
    &IMAGE,
    &ICON,
    &DIVIDER,
    &SPACER,
    &SELECT,
    &DATE_PICKER,
    &CHECKBOX,
    &INPUT,
    &LABEL,
    &RADIO_GROUP,
    &TEXTAREA,
    &TRANSITION,
    &CHART,
    &LIST_VIEW_ITEM,
    &TABLE,
    &TABLE_ROW,
    &TABLE_CELL,
];

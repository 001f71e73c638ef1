//! The data model: what a graph file holds.
//!
//! These types mirror the RON document one to one and know nothing about files,
//! petgraph or the CLI. Every collection is an [`IndexMap`] keyed by id, so the order
//! an analyst wrote things in survives a load and a save.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// True for a lowercase slug: `[a-z0-9][a-z0-9-]*`.
fn is_slug(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

/// Turns any text into a slug (`"Sen. Jeanne Shaheen"` -> `"sen-jeanne-shaheen"`), for
/// tools that mint ids from names. Returns `None` when nothing usable is left.
pub fn slugify(text: &str) -> Option<String> {
    if text.is_ascii() {
        return slugify_ascii(text.as_bytes());
    }
    let mut out = String::with_capacity(text.len());
    let mut push = |c: char| {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    };
    for c in text.chars() {
        // Lowercasing a character in general is slow; an ASCII one is not.
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else if let Some(plain) = latin_letter(c) {
            plain.chars().for_each(&mut push);
        } else {
            c.to_lowercase().for_each(&mut push);
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    (!out.is_empty()).then_some(out)
}

/// The plain letters of an accented Latin letter, so that "António" is "antonio" in
/// an id rather than "ant-nio".
fn latin_letter(c: char) -> Option<&'static str> {
    Some(match c.to_lowercase().next()? {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

/// [`slugify`] of ASCII text, byte by byte: ids are made for every statement
/// extracted, so this is on the extractor's path.
fn slugify_ascii(text: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(text.len());
    let mut dash = false;
    for &b in text {
        if b.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push(b'-');
            }
            dash = false;
            out.push(b.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    // Only ASCII letters, digits and '-' were pushed.
    String::from_utf8(out).ok().filter(|s| !s.is_empty())
}

/// FNV-1a: a small, stable hash for ids of text that has no slug.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        ///
        /// The text is shared, so copying an id (as queries do for every row they
        /// give) copies a pointer, not the text.
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Checks `id` and wraps it; a bad id is an [`Error::InvalidId`].
            pub fn new(id: impl Into<String>) -> Result<Self, Error> {
                let id = id.into();
                if is_slug(&id) {
                    Ok(Self(id.into()))
                } else {
                    Err(Error::InvalidId { kind: $what, id })
                }
            }

            /// The id's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// An id made from any text (a name, a file name): its slug, or, for
            /// text with no ASCII letters or digits, the kind and a hash of the
            /// text, so the same text always gets the same valid id.
            pub fn from_text(text: &str) -> Self {
                match slugify(text) {
                    Some(slug) => Self(slug.into()),
                    None => Self(format!("{}-{:016x}", $what, fnv1a(text)).into()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                Self::new(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::new(s).map_err(serde::de::Error::custom)
            }
        }
    };
}

slug_id!(
    /// Id of an [`Actor`]: a lowercase slug such as `zelenskyy`.
    ActorId,
    "actor"
);
slug_id!(
    /// Id of a [`Proposal`]: a lowercase slug such as `us-28-point-plan`.
    ProposalId,
    "proposal"
);
slug_id!(
    /// Id of a [`Claim`].
    ClaimId,
    "claim"
);
slug_id!(
    /// Id of a [`Source`].
    SourceId,
    "source"
);
slug_id!(
    /// Id of a [`Statement`].
    StatementId,
    "statement"
);

/// Id of a numbered point of a proposal, written `PROPOSAL/N` (`us-28-point-plan/12`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PointId {
    /// The proposal the point belongs to.
    pub proposal: ProposalId,
    /// The point's number within the proposal.
    pub n: u32,
}

impl PointId {
    /// Builds the id of point `n` of `proposal`.
    pub fn new(proposal: ProposalId, n: u32) -> Self {
        Self { proposal, n }
    }
}

impl fmt::Display for PointId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.proposal, self.n)
    }
}

impl FromStr for PointId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = || Error::InvalidId {
            kind: "point",
            id: s.to_owned(),
        };
        let (proposal, n) = s.split_once('/').ok_or_else(bad)?;
        let n = n.parse::<u32>().map_err(|_| bad())?;
        Ok(Self::new(ProposalId::new(proposal).map_err(|_| bad())?, n))
    }
}

impl Serialize for PointId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PointId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A calendar date, written `YYYY-MM-DD`.
///
/// Parsing (`"2025-11-22".parse()`, as the command line, scripts and `--published`
/// do) checks the calendar: `2025-02-30` is refused. A graph file's dates are read by
/// shape only, so that `2025-02-30` there still loads and validation reports it
/// together with every other problem; [`Date::is_valid`] checks the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2025.
    pub year: u16,
    /// Month, 1 to 12 in a valid date.
    pub month: u8,
    /// Day of the month, from 1 in a valid date.
    pub day: u8,
}

impl Date {
    /// A date from its parts; check it with [`Date::is_valid`].
    pub fn new(year: u16, month: u8, day: u8) -> Self {
        Self { year, month, day }
    }

    /// True when the date exists in the Gregorian calendar.
    pub fn is_valid(&self) -> bool {
        let leap = self.year.is_multiple_of(4)
            && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400));
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=days).contains(&self.day)
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for date arithmetic.
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days_since_epoch` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self::new(
            u16::try_from(year).unwrap_or(0),
            u8::try_from(month).unwrap_or(0),
            u8::try_from(day).unwrap_or(0),
        )
    }

    /// Day of the week, 0 = Monday ... 6 = Sunday.
    pub fn weekday(&self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        u8::try_from((self.days_since_epoch() + 3).rem_euclid(7)).unwrap_or(0)
    }

    /// This date moved by `days` (negative moves back).
    pub fn add_days(&self, days: i64) -> Self {
        Self::from_days_since_epoch(self.days_since_epoch() + days)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let date = Self::parse_shape(s)?;
        if date.is_valid() {
            Ok(date)
        } else {
            Err(Error::NotACalendarDate(s.to_owned()))
        }
    }
}

impl Date {
    /// A date of the right shape, which may not exist (`2025-02-30`).
    fn parse_shape(s: &str) -> Result<Self, Error> {
        let bad = || Error::InvalidDate(s.to_owned());
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(bad());
        }
        Ok(Self::new(
            s[0..4].parse().map_err(|_| bad())?,
            s[5..7].parse().map_err(|_| bad())?,
            s[8..10].parse().map_err(|_| bad())?,
        ))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Date::parse_shape(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A position on a target, ordered `NonStarter < Skeptical < Support`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stance {
    /// Rejects the target outright.
    NonStarter,
    /// Doubts it, criticises it, or wants it changed, without rejecting it.
    Skeptical,
    /// Backs it (perhaps with conditions).
    Support,
}

impl Stance {
    /// Every stance, weakest first.
    pub const ALL: [Stance; 3] = [Stance::NonStarter, Stance::Skeptical, Stance::Support];

    /// The name the CLI and JSON use: `non-starter`, `skeptical`, `support`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Stance::NonStarter => "non-starter",
            Stance::Skeptical => "skeptical",
            Stance::Support => "support",
        }
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Stance {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "support" | "supports" => Ok(Stance::Support),
            "skeptical" | "sceptical" => Ok(Stance::Skeptical),
            "non-starter" | "nonstarter" => Ok(Stance::NonStarter),
            _ => Err(Error::InvalidStance(s.to_owned())),
        }
    }
}

/// What sort of actor this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ActorKind {
    /// A named person.
    Person,
    /// A government, ministry or agency.
    Government,
    /// A country as a whole.
    Country,
    /// An organisation: a company, NGO, international body.
    Organization,
    /// A bloc that decides together (EU, NATO), with a decision rule.
    Bloc,
    /// A political party.
    Party,
    /// A loose group ("European leaders", "Democrats").
    Group,
}

impl ActorKind {
    /// The kind's name as written in RON and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            ActorKind::Person => "Person",
            ActorKind::Government => "Government",
            ActorKind::Country => "Country",
            ActorKind::Organization => "Organization",
            ActorKind::Bloc => "Bloc",
            ActorKind::Party => "Party",
            ActorKind::Group => "Group",
        }
    }
}

/// How one actor relates to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Relation {
    /// A member of a bloc, group, party or government.
    MemberOf,
    /// Heads it (a president leads a country).
    Leads,
    /// Holds an office in it (a minister in a government).
    HoldsOfficeIn,
    /// Speaks for it (a spokesperson); does not make the speaker a member.
    SpeaksFor,
}

impl Relation {
    /// True for the relations that place an actor inside another (and so can form a
    /// cycle): every one but `SpeaksFor`.
    pub fn is_containment(&self) -> bool {
        !matches!(self, Relation::SpeaksFor)
    }
}

/// A tie from one actor to another, optionally bounded in time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Affiliation {
    /// What the tie is.
    pub rel: Relation,
    /// The actor tied to.
    pub actor: ActorId,
    /// First day the tie holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
    /// Last day the tie holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

impl Affiliation {
    /// An undated tie.
    pub fn new(rel: Relation, actor: ActorId) -> Self {
        Self {
            rel,
            actor,
            since: None,
            until: None,
        }
    }
}

/// How a bloc decides whether it backs a target.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Default)]
pub enum DecisionRule {
    /// Every member must support.
    Unanimity,
    /// More than half of the members support.
    #[default]
    Majority,
    /// Supporters' influence is at least this share (0..1) of all members' influence.
    Weighted(f64),
}

/// A decision rule as the CLI and JSON write it: `unanimity`, `majority`,
/// `weighted:0.6`.
impl fmt::Display for DecisionRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecisionRule::Unanimity => f.write_str("unanimity"),
            DecisionRule::Majority => f.write_str("majority"),
            DecisionRule::Weighted(t) => write!(f, "weighted:{t}"),
        }
    }
}

/// Reads a decision rule: `unanimity`, `majority`, `weighted:T` (also
/// `weighted(T)`), or a bare threshold `T`, a share from 0 to 1.
impl FromStr for DecisionRule {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let t = text.trim().to_ascii_lowercase();
        let bad = || {
            Error::Usage(format!(
                "invalid rule `{text}`: use unanimity, majority or weighted:T with T from 0 to 1"
            ))
        };
        let threshold = match t.as_str() {
            "unanimity" | "unanimous" => return Ok(DecisionRule::Unanimity),
            "majority" => return Ok(DecisionRule::Majority),
            _ => t
                .strip_prefix("weighted:")
                .or_else(|| {
                    t.strip_prefix("weighted(")
                        .and_then(|r| r.strip_suffix(')'))
                })
                .unwrap_or(&t),
        };
        let threshold: f64 = threshold.trim().parse().map_err(|_| bad())?;
        if (0.0..=1.0).contains(&threshold) {
            Ok(DecisionRule::Weighted(threshold))
        } else {
            Err(bad())
        }
    }
}

/// A person, government, country, organisation, bloc, party or group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The name as an analyst would write it.
    pub name: String,
    /// What sort of actor.
    pub kind: ActorKind,
    /// Other spellings seen in sources, misspellings included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Offices and titles (`President of Ukraine`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    /// Ties to other actors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affiliations: Vec<Affiliation>,
    /// The analyst's weight of this actor (1.0 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub influence: Option<f64>,
    /// For a bloc: how it decides (majority when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<DecisionRule>,
    /// A remark that must survive load and save.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Actor {
    /// An actor with a name and kind and nothing else.
    pub fn new(name: impl Into<String>, kind: ActorKind) -> Self {
        Self {
            name: name.into(),
            kind,
            aliases: Vec::new(),
            titles: Vec::new(),
            affiliations: Vec::new(),
            influence: None,
            rule: None,
            note: None,
        }
    }

    /// The analyst's weight, 1.0 when not set.
    pub fn influence(&self) -> f64 {
        self.influence.unwrap_or(1.0)
    }

    /// The bloc rule, majority when not set.
    pub fn rule(&self) -> DecisionRule {
        self.rule.unwrap_or_default()
    }

    /// The name followed by every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A numbered clause of a proposal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// What the point says, in a line.
    pub text: String,
}

/// A plan, draft or counterproposal under negotiation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// The title an analyst would use.
    pub title: String,
    /// Other names it goes by (`28-point plan`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Who put it forward; supports it unless a statement says otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proponent: Option<ActorId>,
    /// When it was put forward.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The proposal this one revises.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_of: Option<ProposalId>,
    /// The proposal this one answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter_to: Option<ProposalId>,
    /// Numbered points, keyed by their number.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub points: IndexMap<u32, Point>,
    /// A remark that must survive load and save.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Proposal {
    /// A proposal with a title and nothing else.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            aliases: Vec::new(),
            proponent: None,
            date: None,
            revision_of: None,
            counter_to: None,
            points: IndexMap::new(),
            note: None,
        }
    }
}

/// An assertion actors make or dispute (`the plan was written by Russia`). On a claim,
/// support asserts it, skeptical doubts it, non-starter denies it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The assertion.
    pub text: String,
    /// A remark that must survive load and save.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where statements come from: an article, a post, a transcript. Unknown fields stay
/// empty; a URL is never invented.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Headline or title.
    pub title: String,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Where it can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was published; relative dates in it resolve against this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    /// SHA-256 (hex) of the text that evidence spans index into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

impl Source {
    /// A source with a title and nothing else.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            publisher: None,
            url: None,
            published: None,
            sha256: None,
        }
    }
}

/// What a statement is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Target {
    /// A whole proposal.
    Proposal(ProposalId),
    /// One numbered point of a proposal.
    Point(PointId),
    /// A claim.
    Claim(ClaimId),
}

impl Target {
    /// `proposal`, `point` or `claim`, as JSON's `target_kind` writes it.
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Proposal(_) => "proposal",
            Target::Point(_) => "point",
            Target::Claim(_) => "claim",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Proposal(id) => id.fmt(f),
            Target::Point(id) => id.fmt(f),
            Target::Claim(id) => id.fmt(f),
        }
    }
}

/// How the statement reached the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Attribution {
    /// The speaker's own words, in quote marks.
    DirectQuote,
    /// The speaker's view in the writer's words.
    Paraphrase,
    /// Not said outright; read from what was said or done.
    Inferred,
}

impl Attribution {
    /// The name as written in RON and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Attribution::DirectQuote => "DirectQuote",
            Attribution::Paraphrase => "Paraphrase",
            Attribution::Inferred => "Inferred",
        }
    }
}

/// Who relayed a statement to the source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Relay {
    /// An actor in the graph.
    Actor(ActorId),
    /// Someone the source does not name, described as it describes them
    /// (`a European official in the room`).
    Unnamed(String),
}

/// The text that backs a statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The source it is in.
    pub source: SourceId,
    /// The speaker's words or a paraphrase, about 12 words at most.
    pub quote: String,
    /// `[start, end)` in Unicode characters of the source text: the sentence the
    /// statement comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<(usize, usize)>,
}

/// Whether a person or the extractor made the statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub enum Origin {
    /// Written or reviewed by an analyst.
    #[default]
    Curated,
    /// Drafted by the extractor: the cue and the attribution pattern that fired,
    /// and the model that decided, when one did.
    Extracted {
        /// The stance cue (`"highly skeptical"`).
        cue: String,
        /// How the speaker was found (`name-said`).
        pattern: Pattern,
        /// The trained model that decided on the statement, with its reasons.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        model: Option<ModelCall>,
    },
}

/// How the extractor found who holds a stance: the attribution pattern that fired.
/// Written in graph files and JSON by its name (`name-said`), so that a reviewer can
/// read it and a filter can match it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pattern {
    /// "Smith said", "said Smith".
    NameSaid,
    /// "'...,' said Smith": a quotation, then the verb and the name.
    QuoteSaidName,
    /// "he said", "she told reporters": a pronoun resolved to the last fitting actor.
    PronounSaid,
    /// "the governor said": a role noun resolved to the actor holding the role.
    RoleSaid,
    /// "a senior official said": a speaker the article does not name.
    UnnamedSaid,
    /// "according to Smith".
    AccordingTo,
    /// "was rejected by Smith".
    PassiveBy,
    /// "Smith, through a spokesperson, said": the spokesperson's words count for Smith.
    ThroughSpokesperson,
    /// A quotation on its own, continuing the last speaker's words.
    QuoteContinues,
    /// No verb of saying: a sentence that opens with an actor acting on a proposal
    /// ("Kheloria gave a lukewarm response to the draft").
    SubjectAction,
    /// The subject of a contrast clause ("..., while Dalmirra ruled out ...").
    ContrastSubject,
}

impl Pattern {
    /// Every pattern, in the order of the enum.
    pub const ALL: [Pattern; 11] = [
        Pattern::NameSaid,
        Pattern::QuoteSaidName,
        Pattern::PronounSaid,
        Pattern::RoleSaid,
        Pattern::UnnamedSaid,
        Pattern::AccordingTo,
        Pattern::PassiveBy,
        Pattern::ThroughSpokesperson,
        Pattern::QuoteContinues,
        Pattern::SubjectAction,
        Pattern::ContrastSubject,
    ];

    /// The name graph files and JSON use.
    pub fn as_str(self) -> &'static str {
        match self {
            Pattern::NameSaid => "name-said",
            Pattern::QuoteSaidName => "quote-said-name",
            Pattern::PronounSaid => "pronoun-said",
            Pattern::RoleSaid => "role-said",
            Pattern::UnnamedSaid => "unnamed-said",
            Pattern::AccordingTo => "according-to",
            Pattern::PassiveBy => "passive-by",
            Pattern::ThroughSpokesperson => "through-spokesperson",
            Pattern::QuoteContinues => "quote-continues",
            Pattern::SubjectAction => "subject-action",
            Pattern::ContrastSubject => "contrast-subject",
        }
    }

    /// True for the patterns that infer a stance from what an actor did, with no
    /// words of theirs: such statements are marked inferred.
    pub fn is_inferred(self) -> bool {
        matches!(self, Pattern::SubjectAction | Pattern::ContrastSubject)
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Pattern {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Pattern::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Pattern::ALL.iter().map(|p| p.as_str()).collect();
                format!(
                    "unknown attribution pattern `{s}`, expected one of {}",
                    names.join(", ")
                )
            })
    }
}

impl Serialize for Pattern {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

/// What a trained model said about an extracted statement: which model, how sure,
/// and the features that weighed most, strongest first, so that a reviewer can see
/// why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelCall {
    /// The model's name and version (`stance-perceptron-1`).
    pub name: String,
    /// Its score for the call, 0..1.
    pub score: f64,
    /// The strongest features and their weights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<(String, f64)>,
}

impl Origin {
    /// True for [`Origin::Curated`].
    pub fn is_curated(&self) -> bool {
        matches!(self, Origin::Curated)
    }
}

/// An edge of the graph: an actor's stance on a target, with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Who holds the stance (the speaker; see `on_behalf_of`).
    pub actor: ActorId,
    /// What it is about.
    pub target: Target,
    /// The position taken.
    pub stance: Stance,
    /// When it was stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Quote, paraphrase, or inference.
    pub attribution: Attribution,
    /// The text that backs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// Who relayed it, when the speaker did not say it to the source directly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<Relay>,
    /// The source of the statement is not named.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymous: bool,
    /// The principal a spokesperson speaks for: the statement counts for them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<ActorId>,
    /// Conditions attached (`only with security guarantees`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// How sure the analyst or extractor is, 0..1 (1.0 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Curated, or extracted with its cue and pattern.
    #[serde(default, skip_serializing_if = "Origin::is_curated")]
    pub origin: Origin,
    /// A remark that must survive load and save.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Statement {
    /// A curated, undated statement with no evidence; fill in the rest as needed.
    pub fn new(actor: ActorId, target: Target, stance: Stance, attribution: Attribution) -> Self {
        Self {
            actor,
            target,
            stance,
            date: None,
            attribution,
            evidence: None,
            reported_by: None,
            anonymous: false,
            on_behalf_of: None,
            conditions: Vec::new(),
            confidence: None,
            origin: Origin::Curated,
            note: None,
        }
    }

    /// Confidence, 1.0 when not set.
    pub fn confidence(&self) -> f64 {
        self.confidence.unwrap_or(1.0)
    }

    /// The actor the statement counts for: the principal when a spokesperson spoke.
    pub fn principal(&self) -> &ActorId {
        self.on_behalf_of.as_ref().unwrap_or(&self.actor)
    }
}

/// A whole graph file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The schema version ([`SCHEMA_VERSION`]).
    pub schema: u32,
    /// Actors by id.
    #[serde(default)]
    pub actors: IndexMap<ActorId, Actor>,
    /// Proposals by id.
    #[serde(default)]
    pub proposals: IndexMap<ProposalId, Proposal>,
    /// Claims by id.
    #[serde(default)]
    pub claims: IndexMap<ClaimId, Claim>,
    /// Sources by id.
    #[serde(default)]
    pub sources: IndexMap<SourceId, Source>,
    /// Statements by id.
    #[serde(default)]
    pub statements: IndexMap<StatementId, Statement>,
}

impl Default for Document {
    fn default() -> Self {
        Self {
            schema: SCHEMA_VERSION,
            actors: IndexMap::new(),
            proposals: IndexMap::new(),
            claims: IndexMap::new(),
            sources: IndexMap::new(),
            statements: IndexMap::new(),
        }
    }
}

impl Document {
    /// The day by which a statement is known to have been made: its own date, else
    /// the day its source was published (what an article reports was said by the
    /// time it appeared). `None` when neither is known.
    pub fn known_by(&self, s: &Statement) -> Option<Date> {
        s.date.or_else(|| {
            let e = s.evidence.as_ref()?;
            self.sources.get(&e.source)?.published
        })
    }

    /// Whether a statement counts as of `as_of` (always, when `None`): one known to
    /// have been made by then ([`Document::known_by`]), or one with no date at all,
    /// which nothing places after the day.
    pub fn counts_as_of(&self, s: &Statement, as_of: Option<Date>) -> bool {
        match (as_of, self.known_by(s)) {
            (Some(limit), Some(d)) => d <= limit,
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_written_by_name_and_unknown_names_are_refused() {
        for p in Pattern::ALL {
            assert_eq!(p.to_string().parse::<Pattern>().unwrap(), p);
            let ron = ron::to_string(&p).unwrap();
            assert_eq!(ron, format!("\"{}\"", p.as_str()));
            assert_eq!(ron::from_str::<Pattern>(&ron).unwrap(), p);
        }
        let err = "said-name".parse::<Pattern>().unwrap_err();
        assert!(
            err.contains("`said-name`") && err.contains("name-said"),
            "{err}"
        );
        // The model's call is optional: statements without one read and write as before.
        let origin = Origin::Extracted {
            cue: "backs".into(),
            pattern: Pattern::NameSaid,
            model: None,
        };
        let ron = ron::to_string(&origin).unwrap();
        assert_eq!(ron, r#"Extracted(cue:"backs",pattern:"name-said")"#);
        assert_eq!(ron::from_str::<Origin>(&ron).unwrap(), origin);
    }

    #[test]
    fn rules_read_and_write() {
        // Every spelling reads back, and writing is what reading takes.
        for r in [
            DecisionRule::Unanimity,
            DecisionRule::Majority,
            DecisionRule::Weighted(0.25),
        ] {
            assert_eq!(r.to_string().parse::<DecisionRule>().unwrap(), r);
        }
    }

    #[test]
    fn rules_read_in_every_spelling() {
        assert_eq!(
            "Majority".parse::<DecisionRule>().unwrap(),
            DecisionRule::Majority
        );
        assert_eq!(
            "unanimity".parse::<DecisionRule>().unwrap(),
            DecisionRule::Unanimity
        );
        assert_eq!(
            "weighted:0.6".parse::<DecisionRule>().unwrap(),
            DecisionRule::Weighted(0.6)
        );
        assert_eq!(
            "weighted(0.5)".parse::<DecisionRule>().unwrap(),
            DecisionRule::Weighted(0.5)
        );
        assert_eq!(
            "0.75".parse::<DecisionRule>().unwrap(),
            DecisionRule::Weighted(0.75)
        );
        assert!("weighted:1.5".parse::<DecisionRule>().is_err());
        assert!("most".parse::<DecisionRule>().is_err());
        assert_eq!(DecisionRule::Weighted(0.6).to_string(), "weighted:0.6");
    }

    #[test]
    fn slugs_are_checked() {
        assert!(ActorId::new("zelenskyy").is_ok());
        assert!(ActorId::new("eu-27").is_ok());
        assert!(ActorId::new("Zelenskyy").is_err());
        assert!(ActorId::new("-x").is_err());
        assert!(ActorId::new("").is_err());
        assert_eq!(
            slugify("Sen. Jeanne Shaheen (D-NH)").as_deref(),
            Some("sen-jeanne-shaheen-d-nh")
        );
        // Accented Latin letters lose their accents; other scripts keep their letters
        // out of the slug.
        assert_eq!(slugify("António Costa").as_deref(), Some("antonio-costa"));
        assert_eq!(
            slugify("Łukasz Müller-Straße").as_deref(),
            Some("lukasz-muller-strasse")
        );
        assert_eq!(slugify("Зеленський"), None);
    }

    #[test]
    fn point_ids_round_trip() {
        let p: PointId = "us-28-point-plan/12".parse().unwrap();
        assert_eq!(p.n, 12);
        assert_eq!(p.to_string(), "us-28-point-plan/12");
        assert!("us-28-point-plan".parse::<PointId>().is_err());
        assert!("us/x".parse::<PointId>().is_err());
    }

    #[test]
    fn dates_parse_by_shape_and_check_the_calendar() {
        let d: Date = "2025-11-22".parse().unwrap();
        assert!(d.is_valid());
        assert_eq!(d.weekday(), 5, "22 November 2025 was a Saturday");
        assert_eq!(d.add_days(-1).to_string(), "2025-11-21");
        assert_eq!(d.add_days(10).to_string(), "2025-12-02");
        assert!(!Date::new(2025, 2, 29).is_valid());
        assert!("2024-02-29".parse::<Date>().unwrap().is_valid());
        assert!("2025-1-01".parse::<Date>().is_err());
        for bad in [
            "2025-02-29",
            "2025-02-30",
            "2025-13-01",
            "2025-00-10",
            "2025-04-31",
        ] {
            let err = bad.parse::<Date>().unwrap_err().to_string();
            assert!(
                err.contains(&format!("{bad} is not a calendar date")),
                "{err}"
            );
        }
        // A graph file's dates are read by shape, for validation to report.
        let d: Date = ron::from_str("\"2025-02-30\"").unwrap();
        assert!(!d.is_valid());
    }

    #[test]
    fn stances_are_ordered() {
        assert!(Stance::NonStarter < Stance::Skeptical && Stance::Skeptical < Stance::Support);
        assert_eq!("non-starter".parse::<Stance>().unwrap(), Stance::NonStarter);
    }
}

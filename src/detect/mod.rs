//! Recognizers see only normalized text and produce `Hit`s with byte ranges into that text.
//! They know nothing about file formats; the scan stage maps ranges back to locations.

pub mod dictionary;
pub mod identifiers;
pub mod marking;

/// One recognizer match inside one segment's normalized text.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Contract category, e.g. `personal_info`.
    pub category: &'static str,
    /// Contract kind, e.g. `cn_resident_id`, or a dictionary entry's own kind.
    pub kind: std::borrow::Cow<'static, str>,
    /// Stable rule id, e.g. `pii.cn_resident_id`, `marking.state_secret.star`.
    pub rule: std::borrow::Cow<'static, str>,
    /// Byte range in the segment's normalized text.
    pub start: usize,
    pub end: usize,
    /// Canonical matched value (digits without separators, the term, the marking): used only
    /// for the fingerprint and allow-lists, never written out.
    pub value: String,
    /// personal_info only: None = unmasked, Some(true) = properly masked,
    /// Some(false) = masked but insufficiently.
    pub masked: Option<bool>,
    /// Action forced by the source (a dictionary entry's own action); the policy decides otherwise.
    pub action: Option<crate::policy::Action>,
    /// Chinese and English message.
    pub message_zh: std::borrow::Cow<'static, str>,
    pub message_en: std::borrow::Cow<'static, str>,
}

//! A string that never prints.

/// A credential value that never appears in `{:?}` output.
///
/// [`Credentials`](crate::Credentials) keep API tokens and keys in a `Secret`, so printing
/// credentials, a [`Client`](crate::Client) or an [`Error`](crate::Error) cannot leak
/// them. `Secret` has no `Display` on purpose; read the value with [`Secret::expose`].
///
/// ```
/// use cloudflare_zero_trust::Secret;
///
/// let secret = Secret::new("my-token");
/// assert_eq!(format!("{secret:?}"), "Secret([redacted])");
/// assert_eq!(secret.expose(), "my-token");
/// ```
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The credential value, for the code that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

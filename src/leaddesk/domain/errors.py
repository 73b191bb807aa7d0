"""Errors the user can act on. Messages are safe to show and to log: never private text."""


class LeadDeskError(Exception):
    """Base for every error LeadDesk reports to the user."""


class ValidationError(LeadDeskError, ValueError):
    """Input was refused; nothing was changed. The message says why, in the user's words."""


class NotFoundError(LeadDeskError, LookupError):
    """The record asked for does not exist (any more)."""


class VaultError(LeadDeskError):
    """The vault could not be used. Messages never contain private text or the passphrase."""


class VaultNotFoundError(VaultError):
    pass


class VaultExistsError(VaultError):
    pass


class WrongPassphraseError(VaultError):
    """The key did not decrypt the file (or its first page is damaged: SQLCipher can't tell)."""


class VaultDamagedError(VaultError):
    pass


class PlaintextVaultError(VaultError):
    """Fail closed: the file is an unencrypted SQLite database."""


class CipherUnavailableError(VaultError):
    """Fail closed: the SQLite driver has no SQLCipher, so nothing would be encrypted."""


class DiskFullError(VaultError):
    pass


class VaultReadOnlyError(VaultError):
    """The vault's disk or folder cannot be written: it may be read, changes are refused."""


class VaultPermissionError(VaultError):
    """The operating system refused access to the vault file or its folder."""


class VaultLockedError(VaultError):
    """Another program holds the vault locked."""


class PassphraseChangedElsewhereError(VaultError):
    """The passphrase was changed by another LeadDesk process while this one had the vault
    open: not damage; lock and unlock again with the new passphrase."""

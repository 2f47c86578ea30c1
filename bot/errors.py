"""User-facing errors: each carries one line that names the file/field and the fix."""


class LitbotError(Exception):
    """An error the CLI prints as one line and exits with ``exit_code``."""

    exit_code = 1


class ConfigError(LitbotError):
    exit_code = 2


class InputError(LitbotError):
    exit_code = 2


class CycleBusy(LitbotError):
    """Another process runs a cycle on the same state folder: this one is skipped, not failed."""


class Terminated(KeyboardInterrupt):
    """SIGTERM during `litbot run`, raised where Ctrl-C would be so the cycle ends as an interrupted one
    (its run record closed) rather than dying mid-step; the CLI exits 143, as a shell reports SIGTERM."""

    exit_code = 143


# What to do with a state database damaged inside (a disk or copy fault): its header reads, a page does not.
DAMAGED_ADVICE = ("restore the folder from a backup (the Action keeps it on its state branch), or move it "
                  "away to start fresh: open pull requests are found again by their markers")

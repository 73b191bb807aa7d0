"""LeadDesk: private weekly planning for tech leads, in one encrypted local file."""

__version__ = "0.1.0"
APP_NAME = "LeadDesk"
APP_ID = "io.github.leaddesk.LeadDesk"

"""Icons and stylesheets shipped with LeadDesk (installed as ``leaddesk.resources``)."""

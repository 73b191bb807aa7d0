"""LeadDesk's benchmark: start-up, memory and interaction speed against measured floors."""

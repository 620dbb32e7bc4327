"""Demo content: accounts (and, as the platform grows, consultations) to try Consult with."""

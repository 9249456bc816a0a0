"""WTForms classes: input shape and field-level validation only (no database, no ``app``)."""

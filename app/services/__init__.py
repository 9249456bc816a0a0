"""Services turn rows into domain objects and back. They flush, never commit."""

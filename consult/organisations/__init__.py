"""Civil-society organisations: bodies that members belong to and may speak for."""

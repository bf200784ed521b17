"""The ground floor every app stands on: accounts (people, roles, membership), core
(shared bits) and audit. It imports no domain app; the composition root is config/."""

"""Qt-free services. Each mutation runs in one unit of work and returns the
``Changes`` it made; bad input raises ``ValidationError`` with a message per
field and changes nothing."""

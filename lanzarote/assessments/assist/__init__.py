"""Machine assistance in coding indicators: `engine` proposes evidence, a value and a
confidence for one Party and one indicator (pure Python and numpy); `services` runs it on a
Party's replies and stores the suggestions; `evaluation` measures it on labelled sets
(``lanzarote evaluate assistance``)."""

"""Named entities: the embedded recogniser we train and ship, a spaCy backend, English projection."""

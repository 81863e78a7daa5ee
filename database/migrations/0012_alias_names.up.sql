-- A birth rewrites the alias map only where it changed: the entries of the names it retired, renamed or
-- re-aliased. Found by scope and name, a 1 % delta deletes a few hundred entries by index instead of
-- reading all of a 100k-metric device's entries (B3). One hash over the whole key: a btree on the long
-- text keys made a first birth's 100k inserts 1.6 s slower, and an index on the name alone would also
-- return the entries of every other device of the same type, and leave the planner free to walk the
-- primary key's scope prefix (the device's every entry) whenever the statistics predate the birth.
CREATE INDEX idx_aliases_scope_name ON uns_meta_sync.aliases USING hash ((ARRAY[group_id, edge, device, name]));

-- A birth rewrites the alias map only where it changed: the entries of the names it retired, renamed or
-- re-aliased. Found by name, a 1 % delta deletes a few hundred entries by index instead of reading all of
-- a 100k-metric device's entries (B3). A hash index: a first birth inserts 100k names in no order, which
-- a btree on the long text keys took 1.6 s longer to absorb.
CREATE INDEX idx_aliases_name ON uns_meta_sync.aliases USING hash (name);

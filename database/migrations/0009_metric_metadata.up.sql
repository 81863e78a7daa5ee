-- What a birth says about a metric beyond name, alias, datatype and properties: is_historical,
-- is_transient, the MetaData message, DataSet columns and types, array element type, Template
-- reference (spec/sparkplug.md, "Birth content kept"). Null when the birth says none of it.
ALTER TABLE uns_meta.metrics ADD COLUMN metadata jsonb NULL;

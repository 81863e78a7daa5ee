-- Grants of the four roles of the playbook (spec/schema.md "Roles"). Run by `uns-meta db bootstrap`
-- after the migrations, as the owner (uns_meta_admin); idempotent. Database-level grants are issued by
-- bootstrap itself because they name the database.

REVOKE ALL ON SCHEMA uns_meta, uns_meta_sync FROM PUBLIC;
GRANT USAGE ON SCHEMA uns_meta TO uns_meta_app, uns_meta_ro, uns_meta_cdc;
GRANT USAGE ON SCHEMA uns_meta_sync TO uns_meta_app;

-- Application: writes metadata, never DDL, never DELETE of metrics, never changes history.
GRANT SELECT, INSERT, UPDATE ON uns_meta.devices, uns_meta.metrics TO uns_meta_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON uns_meta.metric_properties TO uns_meta_app;
GRANT SELECT, INSERT ON uns_meta.metric_versions, uns_meta.metric_path_lineage TO uns_meta_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA uns_meta_sync TO uns_meta_app;
REVOKE INSERT, UPDATE, DELETE ON uns_meta_sync.schema_migrations FROM uns_meta_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA uns_meta, uns_meta_sync TO uns_meta_app;

-- Reporting: read only.
GRANT SELECT ON ALL TABLES IN SCHEMA uns_meta TO uns_meta_ro;

-- Liveness view: read by reporting and the API alike, written by nobody.
GRANT SELECT ON uns_meta.device_status TO uns_meta_ro, uns_meta_app;
REVOKE INSERT ON uns_meta.device_status FROM uns_meta_app;

-- CDC: reads what it replicates.
GRANT SELECT ON uns_meta.metrics, uns_meta.metric_properties TO uns_meta_cdc;

-- Tables of later migrations get the conservative share of the same grants.
ALTER DEFAULT PRIVILEGES FOR ROLE uns_meta_admin IN SCHEMA uns_meta GRANT SELECT ON TABLES TO uns_meta_ro;
ALTER DEFAULT PRIVILEGES FOR ROLE uns_meta_admin IN SCHEMA uns_meta GRANT SELECT, INSERT ON TABLES TO uns_meta_app;
ALTER DEFAULT PRIVILEGES FOR ROLE uns_meta_admin IN SCHEMA uns_meta GRANT USAGE ON SEQUENCES TO uns_meta_app;
ALTER DEFAULT PRIVILEGES FOR ROLE uns_meta_admin IN SCHEMA uns_meta_sync GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO uns_meta_app;
ALTER DEFAULT PRIVILEGES FOR ROLE uns_meta_admin IN SCHEMA uns_meta_sync GRANT USAGE ON SEQUENCES TO uns_meta_app;

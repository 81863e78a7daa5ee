-- Liveness of nodes and devices as the host saw it (births, deaths, losing the broker). Kept in
-- uns_meta_sync so that births and deaths write no rows in uns_meta (an unchanged rebirth writes none),
-- and read by reporting through the view uns_meta.device_status. device '' is the edge node.
CREATE TABLE uns_meta_sync.device_lifecycle (
  group_id      text NOT NULL,
  edge          text NOT NULL,
  device        text NOT NULL,
  state         text NOT NULL,
  bdseq         bigint NULL,
  last_birth_at timestamptz NULL,
  last_death_at timestamptz NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT device_lifecycle_pkey PRIMARY KEY (group_id, edge, device),
  CONSTRAINT device_lifecycle_state_check CHECK (state IN ('online', 'offline', 'unknown'))
);

-- The node session (bdSeq) of the applied birth: within one session births apply in arrival order.
ALTER TABLE uns_meta_sync.births ADD COLUMN bdseq bigint NULL;

-- Aliases are unique per edge node: a birth looks its aliases up among the node's other scopes.
CREATE INDEX idx_aliases_node_alias ON uns_meta_sync.aliases (group_id, edge, alias);

-- Every stored device, "unknown" until the host has seen it alive or dead.
CREATE VIEW uns_meta.device_status AS
  SELECT d.device_id, d.uns_path, coalesce(l.state, 'unknown') AS state, l.last_birth_at, l.last_death_at, l.bdseq
  FROM uns_meta.devices d
  LEFT JOIN uns_meta_sync.device_lifecycle l ON (l.group_id, l.edge, l.device) = (d.group_id, d.edge, d.device);

DROP PUBLICATION uns_meta_pub;

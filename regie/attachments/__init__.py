"""Files on any record: checked and re-encoded on upload, thumbnails, served with the parent record's rights."""

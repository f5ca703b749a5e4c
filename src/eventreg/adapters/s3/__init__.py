"""S3: presigned links for files and the multipart upload of exports."""

package org.kamaelia.http.message;

/**
 * What the parser sends for each request, in order: one {@link RequestHead}, zero or more {@link ByteChunk}s
 * and one {@link EndOfRequest}; or a {@link BadRequest} when the bytes cannot be a valid request.
 */
public sealed interface RequestPart permits RequestHead, ByteChunk, EndOfRequest, BadRequest {}

package org.kamaelia.http.http;

/**
 * What the parser sends for each request, in order: one {@link RequestHead}, zero or more {@link BodyChunk}s
 * and one {@link EndOfRequest}; or a {@link BadRequest} when the bytes cannot be a valid request.
 */
public sealed interface RequestPart permits RequestHead, BodyChunk, EndOfRequest, BadRequest {}

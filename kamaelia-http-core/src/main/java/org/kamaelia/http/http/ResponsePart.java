package org.kamaelia.http.http;

/**
 * What a handler sends for each response, in order: one {@link ResponseHead} (after any interim 1xx heads),
 * zero or more {@link BodyChunk}s, then one {@link EndOfResponse}.
 */
public sealed interface ResponsePart permits ResponseHead, BodyChunk, EndOfResponse {}

/**
 * HTTP/1.1 over one connection, as components: {@link org.kamaelia.http.protocol.HttpParser} feeds the request
 * decoder with the connection's bytes, {@link org.kamaelia.http.protocol.HttpRequestHandler} makes one handler
 * component per request and writes its response through the response codec, and
 * {@link org.kamaelia.http.protocol.HttpProtocol} wires the two (the original's HTTPServer prefab).
 *
 * <p>Depends on the runtime, {@code net}, the codec, the message values, the handler API and {@code observe}; never on
 * {@code server} (ArchitectureTest).
 */
package org.kamaelia.http.protocol;

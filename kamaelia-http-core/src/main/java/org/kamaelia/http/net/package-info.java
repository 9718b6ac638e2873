/**
 * TCP as components: {@link org.kamaelia.http.net.TcpServer} accepts connections and builds one graph per
 * connection, a {@link org.kamaelia.http.net.TcpConnection} joined to a protocol component made by a
 * {@link org.kamaelia.http.net.ProtocolFactory} (Kamaelia's {@code SimpleServer}).
 *
 * <p>Depends only on the runtime, {@link org.kamaelia.http.message.ByteChunk} and the JDK (ArchitectureTest).
 */
package org.kamaelia.http.net;

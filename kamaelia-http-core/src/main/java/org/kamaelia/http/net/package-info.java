/**
 * TCP as components: {@link org.kamaelia.http.net.TcpServer} accepts connections and builds one graph per
 * connection, a {@link org.kamaelia.http.net.TcpConnection} joined to a protocol component made by a
 * {@link org.kamaelia.http.net.ProtocolFactory} (Kamaelia's {@code SimpleServer}).
 *
 * <p>Depends only on {@code org.kamaelia.http.component} and the JDK.
 */
package org.kamaelia.http.net;

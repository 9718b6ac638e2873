/**
 * Proxies in front of a server: the PROXY protocol (v1 and v2) as a component on the connection ({@link
 * org.kamaelia.http.proxy.ProxyProtocolDecoder}), and the forwarding fields ({@code Forwarded}, {@code
 * X-Forwarded-*}) read by {@link org.kamaelia.http.proxy.ForwardedFields} and applied to each request's {@link
 * org.kamaelia.http.message.ClientOrigin} by {@link org.kamaelia.http.proxy.ForwardedHeaders} when the peer is one of
 * the {@link org.kamaelia.http.proxy.TrustedProxies}. See docs/proxies.md.
 *
 * <p>Depends only on the runtime ({@code component}), the message values and the JDK (ArchitectureTest): the server
 * splices these components into the connection graph.
 */
package org.kamaelia.http.proxy;

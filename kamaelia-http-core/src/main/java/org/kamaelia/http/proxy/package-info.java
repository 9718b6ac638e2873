/**
 * Proxies in front of a server: the PROXY protocol (v1 and v2) as a component in front of the parser, and the
 * forwarding fields ({@code Forwarded}, {@code X-Forwarded-*}) applied to a request's {@link
 * org.kamaelia.http.message.ClientOrigin} when the peer is one of the {@link org.kamaelia.http.proxy.TrustedProxies}.
 */
package org.kamaelia.http.proxy;

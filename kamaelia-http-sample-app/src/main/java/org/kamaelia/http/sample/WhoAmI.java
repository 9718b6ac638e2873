package org.kamaelia.http.sample;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.handler.HttpRequest;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.TlsSessionInfo;

/**
 * {@code /whoami}: who the server thinks the client is, as JSON, read from the request's {@link ClientOrigin}: the
 * client's address (after trusted forwarding fields), the scheme, the host asked for, the TCP peer (the proxy when
 * there is one) and the TLS session's protocol and cipher suite ({@code null} in clear text).
 *
 * <pre>
 * {"client":"127.0.0.1:50412","scheme":"https","host":"localhost:8443","peer":"127.0.0.1:50412",
 *  "tls":{"protocol":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256"}}
 * </pre>
 */
final class WhoAmI implements HttpHandler {

    @Override
    public HttpResponse handle(HttpRequest request) {
        ClientOrigin origin = request.origin();
        // the effective host: the Host field or an absolute-form target, or what a trusted proxy forwarded
        String host = request.head().authority().isEmpty()
                ? address(origin.local())
                : request.head().authority();
        DashboardHandlers.Json json = new DashboardHandlers.Json()
                .open('{')
                .key("client")
                .value(address(origin.remote()))
                .key("scheme")
                .value(origin.scheme())
                .key("host")
                .value(host)
                .key("peer")
                .value(address(origin.peer()))
                .key("tls");
        TlsSessionInfo tls = origin.tlsSession().orElse(null);
        if (tls == null) {
            json.raw("null");
        } else {
            json.open('{')
                    .key("protocol")
                    .value(tls.protocol())
                    .key("cipherSuite")
                    .value(tls.cipherSuite())
                    .close('}');
        }
        return HttpResponse.bytes(
                200, "application/json", json.close('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code ip:port}, with an IPv6 address in brackets; an unresolved address keeps its host name. */
    static String address(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip == null ? address.getHostString() : ip.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}

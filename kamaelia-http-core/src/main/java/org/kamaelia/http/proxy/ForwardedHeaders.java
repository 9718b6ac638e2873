package org.kamaelia.http.proxy;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;

/**
 * Applies trusted forwarding fields to each request: a component between the parser and the request handler that,
 * when a request head comes from a {@linkplain TrustedProxies trusted proxy} (its {@link ClientOrigin#peer()}),
 * replaces the origin's client address, scheme and local port, and the head's authority, with what {@link
 * ForwardedFields} read from its {@code Forwarded} or {@code X-Forwarded-*} fields. Every other part, and every head
 * from a peer not trusted, passes unchanged.
 *
 * <pre>
 *   parser.outbox --RequestPart--> forwarded.inbox    forwarded.outbox --RequestPart--> requestHandler.inbox
 *   parser.signal --finished / abort--> forwarded.control    forwarded.signal --the same--> requestHandler.control
 * </pre>
 *
 * <h2>Boxes</h2>
 * <ul>
 *   <li>{@code inbox}: request heads, body chunks, ends and bad requests from the parser (16 messages).
 *   <li>{@code outbox}: the same parts in the same order, heads rewritten; each sent only while the handler has
 *       room, so a slow handler fills this inbox and then the parser's outbox.
 *   <li>{@code control}: {@link ProducerFinished} passed on after the parts before it; {@link ShutdownRequested}
 *       passed on at once, then this component ends.
 *   <li>{@code signal}: what {@code control} brought.
 * </ul>
 *
 * <h2>What changes</h2>
 * The client's address becomes the chosen hop's ({@code for=} or the {@code X-Forwarded-For} entry); the scheme
 * becomes the forwarded one when it is {@code http} or {@code https}; the local address keeps its IP address and
 * takes the forwarded port ({@code X-Forwarded-Port}, else the port in the forwarded host, else the forwarded
 * scheme's default); the authority becomes the forwarded host. What the fields do not say stays as it was. The
 * fields themselves stay in the head's headers.
 *
 * <p>Runs on its connection's event loop like every component.
 */
public final class ForwardedHeaders extends Component {
    private static final System.Logger LOG = System.getLogger(ForwardedHeaders.class.getName());

    /** Request parts from the parser. */
    public final Inbox<RequestPart> inbox = newInbox("inbox", "request parts from the parser", 16);

    /** Request parts for the request handler, heads rewritten for trusted proxies. */
    public final Outbox<RequestPart> outbox =
            newOutbox("outbox", "request parts for the request handler, heads from trusted proxies rewritten");

    private final TrustedProxies trusted;
    private ProducerFinished inputEnd;

    /** A component that believes the forwarding fields of requests whose peer {@code trusted} trusts. */
    public ForwardedHeaders(TrustedProxies trusted) {
        this.trusted = Objects.requireNonNull(trusted, "trusted");
    }

    @Override
    protected void react() {
        for (Signal received; (received = control.poll()) != null; ) {
            if (received instanceof ShutdownRequested shutdown) {
                signal.send(shutdown);
                finish();
                return;
            }
            if (received instanceof ProducerFinished finished) {
                if (finished.draining()) {
                    signal.send(finished);
                } else {
                    inputEnd = finished;
                }
            }
        }
        while (!inbox.isEmpty() && outbox.hasRoom()) {
            RequestPart part = inbox.poll();
            outbox.send(part instanceof RequestHead head ? apply(head, trusted) : part);
        }
        if (inputEnd != null && inbox.isEmpty()) {
            signal.send(inputEnd);
            inputEnd = null;
        }
    }

    /** {@code head} with what its trusted forwarding fields say; {@code head} itself when its peer is not trusted. */
    static RequestHead apply(RequestHead head, TrustedProxies trusted) {
        ClientOrigin origin = head.origin();
        if (!trusted.trusts(origin.peer())) {
            return head;
        }
        Optional<ForwardedClient> read = ForwardedFields.read(head.headers(), trusted);
        if (read.isEmpty()) {
            return head;
        }
        ForwardedClient client = read.get();
        String scheme = client.scheme().orElse(origin.scheme());
        int port = client.port().orElse(client.scheme().isPresent() ? defaultPort(scheme) : -1);
        InetSocketAddress local = port < 0 ? origin.local() : withPort(origin.local(), port);
        ClientOrigin forwarded = origin.forwarded(client.address().orElse(origin.remote()), local, scheme);
        RequestHead rewritten = head.withOrigin(forwarded);
        if (client.host().isPresent()) {
            rewritten = rewritten.withAuthority(client.host().get());
        }
        LOG.log(Level.DEBUG, () -> "forwarded by " + origin.peer() + ": " + client);
        return rewritten;
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    private static InetSocketAddress withPort(InetSocketAddress address, int port) {
        return address.getAddress() != null
                ? new InetSocketAddress(address.getAddress(), port)
                : InetSocketAddress.createUnresolved(address.getHostString(), port);
    }
}

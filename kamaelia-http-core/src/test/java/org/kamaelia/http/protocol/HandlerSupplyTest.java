package org.kamaelia.http.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kamaelia.http.component.ComponentHarness;
import org.kamaelia.http.component.ComponentState;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.RequestHandlerFactory;

class HandlerSupplyTest {
    private final ComponentHarness harness = new ComponentHarness();
    private final ComponentHarness.Sender<Object> owner = harness.start(new ComponentHarness.Sender<>());

    static final class Quiet extends HandlerComponent {
        @Override
        protected void react() {
            inbox.clear();
        }
    }

    private Exchange exchange() {
        return new Exchange(KeepAlivePolicyTest.V11_FOR_TESTS, 0, ExchangePhase.RELAYING);
    }

    private HandlerComponent supply(RequestHandlerFactory factory, Exchange ex, HandlerSupply[] kept) {
        kept[0] = new HandlerSupply(factory, owner);
        return kept[0].handlerFor(ex);
    }

    @Test
    void aNewHandlerIsSuppliedWithItsRouteRecorded() {
        HandlerComponent made = new Quiet().route("/api");
        Exchange ex = exchange();
        HandlerSupply[] supply = new HandlerSupply[1];
        assertThat(supply(head -> made, ex, supply)).isSameAs(made);
        assertThat(ex.route).isEqualTo("/api");
    }

    @Test
    void aFactoryThatThrowsOrMakesNothingLeavesA500() {
        HandlerSupply[] supply = new HandlerSupply[1];
        assertThat(supply(
                        head -> {
                            throw new IllegalStateException("broken factory");
                        },
                        exchange(),
                        supply))
                .isNull();
        assertThat(supply[0].refusal()).isEqualTo(HandlerSupply.FACTORY_FAILED);
        assertThat(supply(head -> null, exchange(), supply)).isNull();
        assertThat(supply[0].refusal()).isEqualTo(HandlerSupply.NONE_MADE);
        assertThat(supply[0].refusal().status()).isEqualTo(500);
    }

    @Test
    void aHandlerRunningElsewhereOrEndedIsUnavailable() {
        HandlerComponent elsewhere = harness.start(new Quiet());
        Exchange ex = exchange();
        HandlerSupply[] supply = new HandlerSupply[1];
        assertThat(supply(head -> elsewhere, ex, supply)).isNull();
        assertThat(supply[0].refusal()).isEqualTo(HandlerSupply.UNAVAILABLE);
        elsewhere.stop();
        harness.runUntilIdle();
        assertThat(elsewhere.state()).isEqualTo(ComponentState.FINISHED);
        assertThat(supply(head -> elsewhere, exchange(), supply)).isNull();
        assertThat(supply[0].refusal()).isEqualTo(HandlerSupply.UNAVAILABLE);
    }
}

package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.spring.boot.KamaeliaHttpProperties;
import org.kamaelia.http.spring.boot.KamaeliaHttpRoute;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.spring.boot.actuate.ManagementServerPostProcessor;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** When the Actuator auto-configurations make their beans, and when they leave things to Boot. */
class KamaeliaHttpActuatorAutoConfigurationTest {
    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(
            KamaeliaHttpAutoConfiguration.class,
            EndpointAutoConfiguration.class,
            KamaeliaHttpActuatorAutoConfiguration.class,
            KamaeliaHttpManagementServerAutoConfiguration.class);

    private static final String[] APP = {
        "kamaelia.http.event-loops=1",
        "kamaelia.http.servers.app.port=0",
        "kamaelia.http.servers.app.address=127.0.0.1",
        "kamaelia.http.servers.app.routes[0].prefix=/hello",
        "kamaelia.http.servers.app.routes[0].handler=hello"
    };

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(CONFIGURATIONS)
            .withBean(
                    "hello", HttpHandler.class, () -> request -> org.kamaelia.http.handler.HttpResponse.text(200, "hi"))
            .withPropertyValues(APP);

    @Test
    void makesAManagementServerForTheManagementPort() {
        runner.withPropertyValues(
                        "management.server.port=0",
                        "management.server.address=127.0.0.1",
                        "management.server.base-path=/manage")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasBean(ManagementServerPostProcessor.HANDLER_BEAN);
                    KamaeliaHttpProperties.Server management = context.getBean(KamaeliaHttpProperties.class)
                            .getServers()
                            .get("management");
                    assertThat(management.getPort()).isZero();
                    assertThat(management.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
                    assertThat(management.getRoutes()).singleElement().satisfies(route -> {
                        assertThat(route.getPrefix()).isEqualTo("/manage/actuator");
                        assertThat(route.getHandler()).isEqualTo(ManagementServerPostProcessor.HANDLER_BEAN);
                    });
                    assertThat(context.getBean(KamaeliaHttpServers.class).entries())
                            .containsOnlyKeys("app", "management");
                });
    }

    @Test
    void makesNoManagementServerWithoutAManagementPort() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ManagementServerPostProcessor.class);
            assertThat(context.getBean(KamaeliaHttpServers.class).entries()).containsOnlyKeys("app");
            assertThat(context).doesNotHaveBean(KamaeliaHttpRoute.class);
        });
    }

    // Leaving management.server.port to Boot in a servlet or reactive application is @ConditionalOnNotWebApplication's
    // work; this class path has no web stack (no spring-web or webflux), so no context here can be such an
    // application, and a reactive runner would still count as "not web".

    @Test
    void makesNoManagementServerForPortMinusOne() {
        runner.withPropertyValues("management.server.port=-1").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(KamaeliaHttpServers.class).entries()).containsOnlyKeys("app");
        });
    }

    @Test
    void mountsActuatorOnTheNamedManagementServer() {
        runner.withPropertyValues("kamaelia.http.management-server=app", "management.endpoints.web.base-path=/ops")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    KamaeliaHttpRoute route = context.getBean(KamaeliaHttpRoute.class);
                    assertThat(route.server()).isEqualTo("app");
                    assertThat(route.prefix()).isEqualTo("/ops");
                });
    }

    @Test
    void discoversEndpointsWithBootsBeansWhenNoWebServerDid() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(WebEndpointDiscoverer.class);
            assertThat(context)
                    .hasBean("kamaeliaWebEndpointDiscoverer")
                    .hasBean("endpointCachingOperationInvokerAdvisor")
                    .hasBean("propertiesEndpointAccessResolver")
                    .hasSingleBean(PathMappedEndpoints.class);
        });
    }

    @Test
    void usesAWebEndpointsSupplierThatIsThere() {
        runner.withBean(WebEndpointsSupplier.class, () -> List::of).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("kamaeliaWebEndpointDiscoverer");
            assertThat(context).hasBean("kamaeliaActuator");
        });
    }

    @Test
    void refusesAManagementServerGivenTwoPorts() {
        runner.withPropertyValues("management.server.port=0", "kamaelia.http.servers.management.port=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("kamaelia.http.servers.management.port: the management server's port is"
                                + " management.server.port"));
    }
}

package io.github.recur.data.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which proxy a download takes: the JVM's settings first, then the environment as curl reads it. */
class EnvironmentProxiesTest {
    private static Proxy select(EnvironmentProxies.Choice c, String url) {
        List<Proxy> l = c.selector().select(URI.create(url));
        assertEquals(1, l.size());
        return l.get(0);
    }

    private static String hostPort(Proxy p) {
        var a = (InetSocketAddress) p.address();
        return a.getHostString() + ":" + a.getPort();
    }

    @Test
    void theJvmsProxySettingsWinOverTheEnvironment() {
        var props = new Properties();
        props.setProperty("https.proxyHost", "jvm-proxy.example");
        var c = EnvironmentProxies.choose(Map.of("https_proxy", "http://env-proxy.example:3128"), props);
        assertSame(ProxySelector.getDefault(), c.selector());
        assertEquals("the JVM's proxy settings", c.description());
    }

    @Test
    void withoutProxiesEverythingGoesDirect() {
        var c = EnvironmentProxies.choose(Map.of(), new Properties());
        assertNull(c.selector());
        assertEquals("no proxy", c.description());
    }

    @Test
    void httpsAndHttpAddressesUseTheirVariablesAndNoProxyHostsGoDirect() {
        var env = Map.of("https_proxy", "http://ada:s3cret@proxy.example:3128", "http_proxy", "plain.example:8080",
                "no_proxy", ".internal.example, example.org,10.0.0.1:443");
        var c = EnvironmentProxies.choose(env, new Properties());
        Proxy p = select(c, "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz");
        assertEquals(Proxy.Type.HTTP, p.type());
        assertEquals("proxy.example:3128", hostPort(p));
        assertEquals("plain.example:8080", hostPort(select(c, "http://ai.stanford.edu/x")));
        assertEquals(Proxy.NO_PROXY, select(c, "https://a.internal.example/f"));
        assertEquals(Proxy.NO_PROXY, select(c, "https://example.org/f"));
        assertEquals(Proxy.NO_PROXY, select(c, "https://www.example.org/f"));
        assertEquals(Proxy.NO_PROXY, select(c, "https://10.0.0.1/f"));
        assertEquals("proxy.example:3128", hostPort(select(c, "https://notexample.org/f")), "a suffix matches at a dot only");
        assertEquals("ada", c.credentials().getUserName());
        assertArrayEquals("s3cret".toCharArray(), c.credentials().getPassword());
        assertTrue(c.description().contains("proxy.example:3128"), c.description());
        assertFalse(c.description().contains("s3cret"), "the password is never shown");
    }

    @Test
    void upperCaseHttpProxyIsIgnoredAsCurlDoesButUpperCaseHttpsProxyIsRead() {
        var c = EnvironmentProxies.choose(Map.of("HTTP_PROXY", "http://cgi.example:80", "HTTPS_PROXY", "http://secure.example:3128"), new Properties());
        assertEquals(Proxy.NO_PROXY, select(c, "http://ai.stanford.edu/x"));
        assertEquals("secure.example:3128", hostPort(select(c, "https://ai.stanford.edu/x")));
    }

    @Test
    void thisMachineAndAStarGoDirect() {
        var c = EnvironmentProxies.choose(Map.of("https_proxy", "http://p.example:1", "http_proxy", "http://p.example:1"), new Properties());
        assertEquals(Proxy.NO_PROXY, select(c, "http://127.0.0.1:8080/f"));
        assertEquals(Proxy.NO_PROXY, select(c, "http://localhost/f"));
        var star = EnvironmentProxies.choose(Map.of("https_proxy", "http://p.example:1", "no_proxy", "*"), new Properties());
        assertEquals(Proxy.NO_PROXY, select(star, "https://storage.googleapis.com/f"));
    }

    @Test
    void aSocksProxyIsRefusedWithTheReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> EnvironmentProxies.choose(Map.of("all_proxy", "socks5://p.example:1080"), new Properties()));
        assertTrue(e.getMessage().contains("HTTP proxies only") && e.getMessage().contains("socks5"), e.getMessage());
    }
}

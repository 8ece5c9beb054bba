#include "settingsreload.h"

namespace {
// Compares and copies one member; `live` says whether the relay can apply it without restarting.
#define SB_FIELD(key, member, isLive)                                                              \
    ReloadableField                                                                                \
    {                                                                                              \
        QStringLiteral(key), isLive,                                                               \
            [](const Settings &a, const Settings &b) { return a.member == b.member; },             \
            [](Settings &to, const Settings &from) { to.member = from.member; }                    \
    }

QList<ReloadableField> makeFields()
{
    return {
        SB_FIELD("server/host", host, false),
        SB_FIELD("server/port", port, false),
        SB_FIELD("server/extra_ports", extraPorts, false),
        SB_FIELD("server/domain", domain, false), // share URLs already handed out name it
        SB_FIELD("server/data_dir", dataDir, false),
        SB_FIELD("server/log_level", logLevel, true),
        // The relay swaps certificate paths live when TLS stays on; turning TLS on or off changes
        // the scheme of every share URL, so Relay::reload reports that as needing a restart.
        SB_FIELD("tls/certificate", tlsCertificate, true),
        SB_FIELD("tls/key", tlsKey, true),
        SB_FIELD("secrets/jwt_secret", jwtSecret, false), // tokens already issued are signed with it
        SB_FIELD("secrets/store", secretStore, false),
        SB_FIELD("admin/loopback", adminLoopback, false),
        SB_FIELD("cluster/redis_url", redisUrl, false),
        SB_FIELD("cluster/address", clusterAddress, false),
        SB_FIELD("limits/max_connections", maxConnections, true),
        SB_FIELD("limits/max_connections_per_ip", maxConnectionsPerIp, true),
        SB_FIELD("limits/idle_timeout", idleTimeoutSeconds, true),
        SB_FIELD("limits/head_timeout", headTimeoutSeconds, true),
        SB_FIELD("limits/max_body", maxBodyBytes, true),
        SB_FIELD("server/services", services, false),
        SB_FIELD("mesh/tokens", meshTokens, true), // read on every join
        SB_FIELD("limits/peer_wait_timeout", peerWaitSeconds, false), // the rendezvous copies them
        SB_FIELD("limits/peer_wait_buffer", peerWaitBufferBytes, false),
        SB_FIELD("limits/pipe_buffer", pipeBufferBytes, false),
        SB_FIELD("server/threads", threads, false), // the threads start with the relay
        SB_FIELD("tunnel/open_access", tunnelOpenAccess, true), // read on every browser request
        SB_FIELD("tunnel/http_rate", tunnelHttpRate, false), // the tunnel's rate limiters copy them
        SB_FIELD("tunnel/http_burst", tunnelHttpBurst, false),
        SB_FIELD("tunnel/connect_rate", tunnelConnectRate, false),
        SB_FIELD("tunnel/connect_burst", tunnelConnectBurst, false),
    };
}
#undef SB_FIELD
} // namespace

namespace SettingsReload {

const QList<ReloadableField> &fields()
{
    static const QList<ReloadableField> list = makeFields();
    return list;
}

QStringList changedKeys(const Settings &running, const Settings &fresh)
{
    QStringList keys;
    for (const ReloadableField &field : fields()) {
        if (!field.same(running, fresh))
            keys << field.fileKey;
    }
    return keys;
}

} // namespace SettingsReload

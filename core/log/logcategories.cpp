#include "logcategories.h"

Q_LOGGING_CATEGORY(lcRelay, "switchboard.relay")
Q_LOGGING_CATEGORY(lcNet, "switchboard.net")
Q_LOGGING_CATEGORY(lcCluster, "switchboard.cluster")
Q_LOGGING_CATEGORY(lcTls, "switchboard.tls")
Q_LOGGING_CATEGORY(lcHttp, "switchboard.http")
Q_LOGGING_CATEGORY(lcWebSocket, "switchboard.websocket")
Q_LOGGING_CATEGORY(lcConfig, "switchboard.config")
Q_LOGGING_CATEGORY(lcTunnel, "switchboard.tunnel")
Q_LOGGING_CATEGORY(lcLocalfirst, "switchboard.localfirst")
Q_LOGGING_CATEGORY(lcPairing, "switchboard.pairing")
Q_LOGGING_CATEGORY(lcMesh, "switchboard.mesh")
Q_LOGGING_CATEGORY(lcLibp2p, "switchboard.libp2p")

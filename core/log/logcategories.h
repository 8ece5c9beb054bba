#pragma once
// One logging category per part of the relay, so `--log-level` and QT_LOGGING_RULES can
// silence or open up one service without touching the others.
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRelay)
Q_DECLARE_LOGGING_CATEGORY(lcNet)
Q_DECLARE_LOGGING_CATEGORY(lcTls)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcWebSocket)
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcTunnel)
Q_DECLARE_LOGGING_CATEGORY(lcLocalfirst)
Q_DECLARE_LOGGING_CATEGORY(lcPairing)
Q_DECLARE_LOGGING_CATEGORY(lcMesh)
Q_DECLARE_LOGGING_CATEGORY(lcLibp2p)
Q_DECLARE_LOGGING_CATEGORY(lcCluster)

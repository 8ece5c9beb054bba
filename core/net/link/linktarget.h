#pragma once
// Where a connection goes when another node of the cluster holds its counterpart: that node's
// address and the preface line that opens a link to it (core/cluster/linkpreface.h).
#include <QByteArray>
#include <QString>

struct LinkTarget
{
    QString host;
    quint16 port = 0;
    QByteArray preface;
};

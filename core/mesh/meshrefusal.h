#pragma once
// How the relay turns a peer away: an optional error frame, then a close.
#include <QString>

struct MeshRefusal
{
    // Both empty: close without an error frame (the original does so for the first-frame checks).
    QString code; // e.g. TOKEN_REQUIRED; empty for a frame with a message only
    QString message;
    quint16 closeCode = 1008;
    QString closeReason;

    bool sendsErrorFrame() const { return !message.isEmpty(); }
};

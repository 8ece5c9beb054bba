#include "statusicons.h"

namespace StatusIcons {

QIcon forState(RelayController::State state)
{
    switch (state) {
    case RelayController::State::Running:
        return QIcon(QStringLiteral(":/icons/running.svg"));
    case RelayController::State::Paused:
    case RelayController::State::Stopped:
        return QIcon(QStringLiteral(":/icons/paused.svg"));
    case RelayController::State::Problem:
        return QIcon(QStringLiteral(":/icons/problem.svg"));
    }
    return {};
}

QIcon application()
{
    return QIcon(QStringLiteral(":/icons/switchboard.svg"));
}

} // namespace StatusIcons

#pragma once
// The tray app's own logging category, beside the core's switchboard.* ones so --log-level and
// QT_LOGGING_RULES treat it alike.
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcUi)

#pragma once
// The Sessions tab: every live session, sortable, with a filter box; a context menu (and
// shortcuts) to copy a session's URL or disconnect it.
#include <QPointer>
#include <QWidget>

class EmptyState;
class QAction;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
#include "relay.h"
class SessionsModel;

class SessionsPage : public QWidget
{
    Q_OBJECT
public:
    SessionsPage(SessionsModel *model, QWidget *parent = nullptr);

    void setRelay(Relay *relay);
    QTableView *view() const { return m_view; }
    QLineEdit *filterBox() const { return m_filterBox; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QAction *copyUrlAction() const { return m_copyUrl; }
    QAction *disconnectAction() const { return m_disconnect; }

    // The selected session's URL to the clipboard; false when nothing is selected.
    bool copySelectedUrl();
    bool disconnectSelected();

protected:
    void changeEvent(QEvent *event) override;

private:
    int selectedSourceRow() const;
    void updateActions();
    void updateEmpty();
    void retranslate();

    SessionsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filterBox;
    QTableView *m_view;
    EmptyState *m_empty;
    QAction *m_copyUrl;
    QAction *m_disconnect;
    QPointer<Relay> m_relay;
};

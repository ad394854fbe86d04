// A simulator on a free loopback port, built from the config file's own format, and GETs of
// its List* routes with query members — what the list tests have in common.
#pragma once

#include "SimulatorServer.h"

#include "../endpoint/HttpTestClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <memory>

using QueryItems = QList<QPair<QString, QString>>;

// A config file's JSON → the configuration `simulate --config` would run; stops the test
// executable when the file is refused, since every test after it would mislead.
inline callconsole::SimulatorConfig simulatorConfigFrom(const QJsonObject &root)
{
    const callconsole::Parsed<callconsole::SimulatorConfig> parsed = callconsole::SimulatorConfig::fromJson(QJsonDocument(root).toJson());
    if (!parsed.ok())
        qFatal("%s", qPrintable(callconsole::messages(parsed.issues).join(QLatin1Char('\n'))));
    return *parsed.value;
}

struct ListingSimulator
{
    std::unique_ptr<callconsole::SimulatorServer> simulator;
    QNetworkAccessManager network;

    explicit ListingSimulator(const callconsole::SimulatorConfig &config)
        : simulator(std::make_unique<callconsole::SimulatorServer>(config))
    {
        QString error;
        if (!simulator->listen(&error))
            qWarning("%s", qPrintable(error));
    }

    HttpResult get(const QString &path, const QueryItems &items)
    {
        QUrl url = simulator->url();
        url.setPath(path);
        QUrlQuery query;
        for (const auto &[name, value] : items)
            query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
        url.setQuery(query);
        return request(network, "GET", url);
    }
};

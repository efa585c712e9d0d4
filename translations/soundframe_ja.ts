<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>soundframe::AboutDialog</name>
    <message>
        <location filename="../widgets/AboutDialog.cpp" line="21"/>
        <source>About SoundFrame</source>
        <translation>SoundFrame について</translation>
    </message>
    <message>
        <location filename="../widgets/AboutDialog.cpp" line="23"/>
        <source>&lt;h3&gt;SoundFrame&lt;/h3&gt;&lt;p&gt;Audio-text retrieval learned from video through a frozen image-text model.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;SoundFrame&lt;/h3&gt;&lt;p&gt;固定した画像・テキストモデルを介して動画から学習する音声・テキスト検索。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>soundframe::MainWindow</name>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="14"/>
        <source>SoundFrame</source>
        <translation>SoundFrame</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="15"/>
        <source>Sound search by text, learned from video.</source>
        <translation>動画から学んだ、テキストによる音の検索。</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="19"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="20"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="21"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="22"/>
        <source>&amp;About SoundFrame</source>
        <translation>SoundFrame について(&amp;A)</translation>
    </message>
</context>
</TS>

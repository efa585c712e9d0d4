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
        <location filename="../app/gui/MainWindow.cpp" line="51"/>
        <source>SoundFrame</source>
        <translation>SoundFrame</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="69"/>
        <source>Library</source>
        <translation>ライブラリ</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="70"/>
        <source>The project&apos;s clips with captions and labels (Ctrl+1)</source>
        <translation>プロジェクトのクリップとキャプション・ラベル (Ctrl+1)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="71"/>
        <source>Clip</source>
        <translation>クリップ</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="72"/>
        <source>Listen to the selected clip, see its frames and spectrogram (Ctrl+2)</source>
        <translation>選択したクリップを再生し、フレームとスペクトログラムを表示します (Ctrl+2)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="73"/>
        <source>Alignment</source>
        <translation>アライメント</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="74"/>
        <source>Where the clip&apos;s audio agrees with its frames, for a trained run (Ctrl+3)</source>
        <translation>学習済みの実行で、クリップの音声がどのフレームと一致するかを表示します (Ctrl+3)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="75"/>
        <source>Query</source>
        <translation>検索</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="76"/>
        <source>Search the library by text, sound or picture (Ctrl+4)</source>
        <translation>テキスト・音・画像でライブラリを検索します (Ctrl+4)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="77"/>
        <source>Training</source>
        <translation>学習</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="78"/>
        <source>Train stage 1 or 2 and watch it learn (Ctrl+5)</source>
        <translation>ステージ 1 または 2 を学習し、その経過を確認します (Ctrl+5)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="79"/>
        <source>Runs</source>
        <translation>実行一覧</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="80"/>
        <source>Compare the project&apos;s training runs (Ctrl+6)</source>
        <translation>プロジェクトの学習実行を比較します (Ctrl+6)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="83"/>
        <source>No project open</source>
        <translation>プロジェクトが開かれていません</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="108"/>
        <source>&amp;Open Project…</source>
        <translation>プロジェクトを開く(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="110"/>
        <source>Open a project folder (a manifest and its media, with runs/) or a manifest file</source>
        <translation>プロジェクトフォルダ（マニフェストとメディア、runs/ を含む）またはマニフェストファイルを開きます</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="111"/>
        <source>Open &amp;Recent</source>
        <translation>最近使ったプロジェクト(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="116"/>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="122"/>
        <source>&amp;Find Sounds…</source>
        <translation>音を検索(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="125"/>
        <source>&amp;Playback</source>
        <translation>再生(&amp;P)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="126"/>
        <source>&amp;Play / Pause</source>
        <translation>再生 / 一時停止(&amp;P)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="128"/>
        <source>P&amp;revious Frame</source>
        <translation>前のフレーム(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="130"/>
        <source>&amp;Next Frame</source>
        <translation>次のフレーム(&amp;N)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="171"/>
        <source>Cannot open %1: %2</source>
        <translation>%1 を開けません: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="174"/>
        <location filename="../app/gui/MainWindow.cpp" line="258"/>
        <source>Open Project</source>
        <translation>プロジェクトを開く</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="189"/>
        <source>%1 — SoundFrame</source>
        <translation>%1 — SoundFrame</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/MainWindow.cpp" line="190"/>
        <source>%1: %n clip(s), %2 run(s)</source>
        <translation>
            <numerusform>%1: クリップ %n 件、実行 %2 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/MainWindow.cpp" line="194"/>
        <source>%n manifest line(s) skipped</source>
        <translation>
            <numerusform>マニフェストの %n 行をスキップしました</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="215"/>
        <source>Clip %1</source>
        <translation>クリップ %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="238"/>
        <source>%1 is not a clip of this project</source>
        <translation>%1 はこのプロジェクトのクリップではありません</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="15"/>
        <source>Sound search by text, learned from video.</source>
        <translation>動画から学んだ、テキストによる音の検索。</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="107"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="113"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="137"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="138"/>
        <source>&amp;About SoundFrame</source>
        <translation>SoundFrame について(&amp;A)</translation>
    </message>
</context>
<context>
    <name>ScreenshotTour</name>
    <message>
        <location filename="../app/gui/ScreenshotTour.cpp" line="61"/>
        <source>cannot write %1</source>
        <translation>%1 に書き込めません</translation>
    </message>
    <message>
        <location filename="../app/gui/ScreenshotTour.cpp" line="69"/>
        <source>cannot create %1</source>
        <translation>%1 を作成できません</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="39"/>
        <source>usage: soundframe --screenshots DIR [--project P]</source>
        <translation>使い方: soundframe --screenshots DIR [--project P]</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="63"/>
        <source>Audio-text retrieval learned from video</source>
        <translation>動画から学習した音声・テキスト検索</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="66"/>
        <source>Open this project folder (or manifest) instead of the last one.</source>
        <translation>前回のプロジェクトの代わりにこのプロジェクトフォルダ（またはマニフェスト）を開きます。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="67"/>
        <source>DIR</source>
        <translation>フォルダ</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="69"/>
        <source>Same as --project.</source>
        <translation>--project と同じです。</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::ClipView</name>
    <message>
        <location filename="../widgets/ClipView.cpp" line="42"/>
        <location filename="../widgets/ClipView.cpp" line="106"/>
        <source>Select a clip in the library</source>
        <translation>ライブラリでクリップを選択してください</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="49"/>
        <source>The frame at the playhead</source>
        <translation>再生位置のフレーム</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="57"/>
        <source>The clip&apos;s frames at its frame times; click one to move the playhead there</source>
        <translation>フレーム時刻ごとのクリップのフレーム。クリックすると再生位置がそこへ移動します</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="61"/>
        <source>Play or pause the clip&apos;s audio (Space)</source>
        <translation>クリップの音声を再生 / 一時停止します (Space)</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="63"/>
        <source>Playhead: drag to seek (Left/Right step one frame)</source>
        <translation>再生位置: ドラッグでシーク（左右キーで 1 フレームずつ移動）</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="135"/>
        <source>No clip %1 in this project</source>
        <translation>このプロジェクトにクリップ %1 はありません</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="154"/>
        <source>Decoding %1…</source>
        <translation>%1 をデコード中…</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="179"/>
        <source>Frame %1 at %2 s</source>
        <translation>フレーム %1（%2 秒）</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="182"/>
        <source>Some media could not be decoded: %1</source>
        <translation>一部のメディアをデコードできませんでした: %1</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="197"/>
        <source>No audio output device: the playhead moves without sound</source>
        <translation>音声出力デバイスがありません。再生位置は音なしで進みます</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="205"/>
        <source>Playback: %1</source>
        <translation>再生: %1</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="313"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="323"/>
        <source>No video frames</source>
        <translation>映像フレームがありません</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::LibraryView</name>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="31"/>
        <source>Filter clips by id, caption or label…</source>
        <translation>ID・キャプション・ラベルでクリップを絞り込み…</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="33"/>
        <source>Shows only the clips whose id, split, captions or labels contain this text</source>
        <translation>ID・分割・キャプション・ラベルにこの文字列を含むクリップだけを表示します</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="35"/>
        <source>Clip</source>
        <translation>クリップ</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="35"/>
        <source>Split</source>
        <translation>分割</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="35"/>
        <source>Duration (s)</source>
        <translation>長さ (秒)</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="35"/>
        <source>Captions</source>
        <translation>キャプション</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="35"/>
        <source>Labels</source>
        <translation>ラベル</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="52"/>
        <source>Click a column header to sort; select a clip to inspect it</source>
        <translation>列見出しをクリックすると並べ替えます。クリップを選択すると詳細を表示します</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="77"/>
        <source>to end</source>
        <translation>最後まで</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::ReportTable</name>
    <message>
        <location filename="../widgets/ReportTable.cpp" line="35"/>
        <source>Retrieval results in percent (R@k: share of queries whose first relevant item ranks within k; medR: median rank, lower is better)</source>
        <translation>検索結果（%）。R@k: 最初の正解が k 位以内に入ったクエリの割合。medR: 順位の中央値（小さいほど良い）</translation>
    </message>
    <message>
        <location filename="../widgets/ReportTable.cpp" line="49"/>
        <source>%1: cannot open</source>
        <translation>%1: 開けません</translation>
    </message>
    <message>
        <location filename="../widgets/ReportTable.cpp" line="65"/>
        <source>not a retrieval report (%1)</source>
        <translation>検索レポートではありません (%1)</translation>
    </message>
    <message>
        <location filename="../widgets/ReportTable.cpp" line="87"/>
        <source>no retrieval direction in the report</source>
        <translation>レポートに検索方向がありません</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::RunsView</name>
    <message>
        <location filename="../widgets/RunsView.cpp" line="47"/>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="47"/>
        <source>Stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="47"/>
        <source>Matching</source>
        <translation>マッチング</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="47"/>
        <source>Epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="47"/>
        <source>Batch</source>
        <translation>バッチ</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="48"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="48"/>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="48"/>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="48"/>
        <source>Final loss</source>
        <translation>最終損失</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="49"/>
        <source>Validation (last epoch)</source>
        <translation>検証（最終エポック）</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="56"/>
        <source>Training runs found in the project&apos;s runs folder</source>
        <translation>プロジェクトの runs フォルダで見つかった学習実行</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="61"/>
        <source>The selected run&apos;s config.json</source>
        <translation>選択した実行の config.json</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="65"/>
        <source>First run to compare</source>
        <translation>比較する 1 つ目の実行</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="66"/>
        <source>Second run to compare</source>
        <translation>比較する 2 つ目の実行</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="74"/>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="129"/>
        <source>complete</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="129"/>
        <source>paused</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="129"/>
        <source>incomplete</source>
        <translation>未完了</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="151"/>
        <source>%1 (no report)</source>
        <translation>%1（レポートなし）</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="0"/>
        <source>The selected run&apos;s config; two runs&apos; reports</source>
        <translation>選択した実行の設定と、2 つの実行のレポート</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="0"/>
        <source>Queries</source>
        <translation>クエリ</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="0"/>
        <source>The selected run&apos;s retrieval queries: which succeed, which fail, what they retrieve</source>
        <translation>選択した実行の検索クエリ: 成功したもの、失敗したもの、それぞれが検索したもの</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::SpectrogramWidget</name>
    <message>
        <location filename="../widgets/SpectrogramWidget.cpp" line="14"/>
        <source>Log-mel spectrogram on the clip&apos;s time axis: ticks mark the frame times, bands the annotated sound events; click to move the playhead</source>
        <translation>クリップの時間軸上の対数メルスペクトログラム。目盛りはフレーム時刻、帯は注釈付きの音イベントを示します。クリックで再生位置を移動します</translation>
    </message>
    <message>
        <location filename="../widgets/SpectrogramWidget.cpp" line="64"/>
        <source>No audio</source>
        <translation>音声なし</translation>
    </message>
    <message>
        <location filename="../widgets/SpectrogramWidget.cpp" line="64"/>
        <source>No clip</source>
        <translation>クリップなし</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::TrainingView</name>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="51"/>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="54"/>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="55"/>
        <source>Start a new run with these settings in the project&apos;s runs folder</source>
        <translation>この設定でプロジェクトの runs フォルダに新しい実行を開始します</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="56"/>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="57"/>
        <source>Stop after the current step and keep a checkpoint to resume from</source>
        <translation>現在のステップの後で停止し、再開用のチェックポイントを残します</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="58"/>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="59"/>
        <source>Continue the paused run from its checkpoint</source>
        <translation>一時停止した実行をチェックポイントから続けます</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="60"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="61"/>
        <source>Stop the run; it can no longer be resumed from this view</source>
        <translation>実行を停止します。この画面からは再開できなくなります</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="71"/>
        <source>Optimiser steps done out of the run&apos;s total</source>
        <translation>実行全体のうち完了した最適化ステップ数</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="73"/>
        <source>Estimated time left, from the speed of the steps so far</source>
        <translation>これまでのステップの速度から見積もった残り時間</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="74"/>
        <location filename="../widgets/TrainingView.cpp" line="209"/>
        <source>No project open</source>
        <translation>プロジェクトが開かれていません</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="84"/>
        <source>The run&apos;s log</source>
        <translation>実行のログ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="94"/>
        <source>Log</source>
        <translation>ログ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="96"/>
        <source>Test-set retrieval (%)</source>
        <translation>テストセットでの検索 (%)</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="174"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="137"/>
        <source>1: audio-image pretraining</source>
        <translation>1: 音声・画像の事前学習</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="138"/>
        <source>2: audio-text fine-tuning</source>
        <translation>2: 音声・テキストのファインチューニング</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="140"/>
        <source>Stage 1 learns audio embeddings from video frames; stage 2 fine-tunes them on captions, starting from a finished stage-1 run with the same matching</source>
        <translation>ステージ 1 は動画のフレームから音声の埋め込みを学習し、ステージ 2 は同じマッチングで完了したステージ 1 の実行から始めてキャプションでファインチューニングします</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="143"/>
        <source>Random</source>
        <translation>ランダム</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="144"/>
        <source>Nearest</source>
        <translation>最近傍</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="145"/>
        <source>Multiframe</source>
        <translation>マルチフレーム</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/TrainingView.cpp" line="147"/>
        <source>How a clip&apos;s audio is paired with its frames: a random frame, the frame most similar to the audio (after %n warm-up epoch(s)), or every frame with its own audio segment</source>
        <translation>
            <numerusform>クリップの音声とフレームの組み合わせ方: ランダムな 1 フレーム、音声に最も似たフレーム（ウォームアップ %n エポックの後）、または各フレームとそれに対応する音声区間</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="153"/>
        <source>Passes over the training cache (default %1)</source>
        <translation>学習キャッシュを何周するか（既定値 %1）</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="157"/>
        <source>Clips per batch; the other clips of a batch are the negatives (default %1)</source>
        <translation>1 バッチあたりのクリップ数。同じバッチの他のクリップが負例になります（既定値 %1）</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="163"/>
        <source>AdamW peak learning rate, with linear warm-up and cosine decay (default %1)</source>
        <translation>AdamW の最大学習率。線形ウォームアップの後にコサイン減衰します（既定値 %1）</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="168"/>
        <source>Seed of the data order, frame draws and initialisation (default %1)</source>
        <translation>データの順序・フレームの抽選・初期化のシード（既定値 %1）</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="170"/>
        <source>Stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="171"/>
        <source>Matching</source>
        <translation>マッチング</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="172"/>
        <source>Epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="173"/>
        <source>Batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="175"/>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="211"/>
        <source>This project has no prepared training cache (cache/train); run soundframe-cli prepare first</source>
        <translation>このプロジェクトには準備済みの学習キャッシュ (cache/train) がありません。先に soundframe-cli prepare を実行してください</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="213"/>
        <source>Ready to train on %1</source>
        <translation>%1 で学習できます</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="284"/>
        <source>training form</source>
        <translation>学習フォーム</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="297"/>
        <source>Cannot train: open a project with a prepared training cache first</source>
        <translation>学習できません。先に準備済みの学習キャッシュがあるプロジェクトを開いてください</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="324"/>
        <source>Cannot train: %1</source>
        <translation>学習できません: %1</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="337"/>
        <source>Resuming %1</source>
        <translation>%1 を再開中</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="337"/>
        <source>Training into %1</source>
        <translation>%1 に学習中</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="346"/>
        <source>Pausing: saving a checkpoint…</source>
        <translation>一時停止中: チェックポイントを保存しています…</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="354"/>
        <source>Stopping…</source>
        <translation>停止中…</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="358"/>
        <location filename="../widgets/TrainingView.cpp" line="428"/>
        <source>Stopped</source>
        <translation>停止しました</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="386"/>
        <source>%1 left</source>
        <translation>残り %1</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="422"/>
        <source>Finished: %1</source>
        <translation>完了: %1</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="426"/>
        <source>Paused; Resume continues from the checkpoint</source>
        <translation>一時停止しました。「再開」でチェックポイントから続けます</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="435"/>
        <source>Error: %1</source>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="436"/>
        <source>Training failed: %1</source>
        <translation>学習に失敗しました: %1</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="196"/>
        <source>The project&apos;s runs: check one to overlay its curves (from its metrics.jsonl) on the plots; the run being trained is checked while it runs</source>
        <translation>プロジェクトの実行の一覧: チェックするとその曲線（metrics.jsonl から）をプロットに重ねて表示します。学習中の実行は実行中チェックされます</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="201"/>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="214"/>
        <source>audio tagging</source>
        <translation>音声タグ付け</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="215"/>
        <source>from scratch</source>
        <translation>初期状態から</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="217"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    </context>
<context>
    <name>soundframe::gui::TrainingPlots</name>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="56"/>
        <source>Smooths the step loss with an exponential moving average, as TensorBoard&apos;s slider does (0 = off); the faint line is the loss as recorded. Per-epoch points are not smoothed</source>
        <translation>ステップの損失を指数移動平均で平滑化します（TensorBoard のスライダーと同じ。0 = オフ）。薄い線は記録されたままの損失です。エポックごとの点は平滑化しません</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="64"/>
        <source>The validation metric the last plot shows, per epoch</source>
        <translation>最後のプロットにエポックごとに表示する検証指標</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="68"/>
        <source>Smoothing</source>
        <translation>平滑化</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="72"/>
        <source>Validation</source>
        <translation>検証</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="75"/>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="75"/>
        <source>InfoNCE</source>
        <translation>InfoNCE</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="76"/>
        <source>Step loss; dashed with circles: each epoch&apos;s mean</source>
        <translation>ステップの損失。丸印の破線: 各エポックの平均</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="77"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="77"/>
        <source>rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="78"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="78"/>
        <source>tau</source>
        <translation>τ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="79"/>
        <source>Validation recall</source>
        <translation>検証の再現率</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="79"/>
        <source>percent</source>
        <translation>%</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="80"/>
        <source>epoch</source>
        <translation>エポック</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="106"/>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::TrainingWorker</name>
    <message>
        <location filename="../widgets/TrainingWorker.cpp" line="42"/>
        <source>Resuming the run in %1</source>
        <translation>%1 の実行を再開します</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingWorker.cpp" line="42"/>
        <source>Starting a run in %1</source>
        <translation>%1 で実行を開始します</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingWorker.cpp" line="49"/>
        <source>epoch %1: loss %2</source>
        <translation>エポック %1: 損失 %2</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingWorker.cpp" line="61"/>
        <source>Training complete after %1 steps</source>
        <translation>%1 ステップで学習が完了しました</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingWorker.cpp" line="63"/>
        <source>Evaluating on %1</source>
        <translation>%1 で評価中</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingWorker.cpp" line="68"/>
        <source>Stopped at step %1; a checkpoint was kept</source>
        <translation>ステップ %1 で停止しました。チェックポイントを残しています</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingWorker.cpp" line="74"/>
        <source>Unexpected error: %1</source>
        <translation>予期しないエラー: %1</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::RetrievalBrowser</name>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>Retrieval direction: what the queries are and what they retrieve</source>
        <translation>検索方向: クエリが何で、何を検索するか</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>Filter queries…</source>
        <translation>クエリを絞り込む…</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>Show only the queries whose text or clip contains this</source>
        <translation>テキストまたはクリップにこの文字列を含むクエリだけを表示</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>Rank</source>
        <translation>順位</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>Query</source>
        <translation>クエリ</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>Clip</source>
        <translation>クリップ</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>Item</source>
        <translation>項目</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>Score</source>
        <translation>スコア</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>Relevant</source>
        <translation>正解</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>Each query with the rank of its first relevant item; the worst first</source>
        <translation>各クエリと最初の正解項目の順位（悪いものから）</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>The selected query&apos;s best-ranked items; double-click one to open its clip</source>
        <translation>選択したクエリの上位の項目。ダブルクリックでそのクリップを開きます</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>Reading %1…</source>
        <translation>%1 を読み込み中…</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>No per-query results: %1 is missing (evaluate the run again to write it)</source>
        <translation>クエリごとの結果がありません: %1 がありません（実行を評価し直すと書き出されます）</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>%1 queries from %2</source>
        <translation>%2 から %1 件のクエリ</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>%1 queries: %2 at rank 1, %3 beyond rank 10; median rank %4</source>
        <translation>%1 件のクエリ: 1 位 %2 件、10 位より下 %3 件、順位の中央値 %4</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>First relevant item at rank %1</source>
        <translation>最初の正解項目は %1 位</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>First relevant item at rank %1, below the %2 shown</source>
        <translation>最初の正解項目は %1 位（表示中の %2 件より下）</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>✓ relevant</source>
        <translation>✓ 正解</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>one of the %1 relevant items</source>
        <translation>%1 件の正解項目のいずれか</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="0"/>
        <source>%1 is not a clip of this project</source>
        <translation>%1 はこのプロジェクトのクリップではありません</translation>
    </message>
</context>
</TS>

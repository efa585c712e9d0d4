<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>ScreenshotTour</name>
    <message>
        <location filename="../app/gui/ScreenshotTour.cpp" line="82"/>
        <source>cannot write %1</source>
        <translation>%1 に書き込めません</translation>
    </message>
    <message>
        <location filename="../app/gui/ScreenshotTour.cpp" line="90"/>
        <source>cannot create %1</source>
        <translation>%1 を作成できません</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="68"/>
        <source>usage: soundframe --screenshots DIR [--project P]</source>
        <translation>使い方: soundframe --screenshots DIR [--project P]</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="88"/>
        <source>Audio-text retrieval learned from video</source>
        <translation>動画から学習した音声・テキスト検索</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="91"/>
        <source>Open this project folder (or manifest) instead of the last one.</source>
        <translation>前回のプロジェクトの代わりにこのプロジェクトフォルダ（またはマニフェスト）を開きます。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="92"/>
        <source>DIR</source>
        <translation>フォルダ</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="94"/>
        <source>Same as --project.</source>
        <translation>--project と同じです。</translation>
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
        <location filename="../app/gui/MainWindow.cpp" line="69"/>
        <source>The project&apos;s clips with captions and labels (Ctrl+1)</source>
        <translation>プロジェクトのクリップとキャプション・ラベル (Ctrl+1)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="70"/>
        <source>Clip</source>
        <translation>クリップ</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="70"/>
        <source>Listen to the selected clip, see its frames and spectrogram (Ctrl+2)</source>
        <translation>選択したクリップを再生し、フレームとスペクトログラムを表示します (Ctrl+2)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="71"/>
        <source>Alignment</source>
        <translation>アライメント</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="72"/>
        <source>Where the clip&apos;s audio agrees with its frames, for a trained run (Ctrl+3)</source>
        <translation>学習済みの実行で、クリップの音声がどのフレームと一致するかを表示します (Ctrl+3)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="73"/>
        <source>Query</source>
        <translation>検索</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="73"/>
        <source>Search the library by text, sound or picture (Ctrl+4)</source>
        <translation>テキスト・音・画像でライブラリを検索します (Ctrl+4)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="74"/>
        <source>Training</source>
        <translation>学習</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="74"/>
        <source>Train stage 1 or 2 and watch it learn (Ctrl+5)</source>
        <translation>ステージ 1 または 2 を学習し、その経過を確認します (Ctrl+5)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="75"/>
        <source>Runs</source>
        <translation>実行一覧</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="75"/>
        <source>Compare the project&apos;s training runs (Ctrl+6)</source>
        <translation>プロジェクトの学習実行を比較します (Ctrl+6)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="83"/>
        <source>No project open</source>
        <translation>プロジェクトが開かれていません</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="113"/>
        <source>&amp;Open Project…</source>
        <translation>プロジェクトを開く(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="115"/>
        <source>Open a project folder (a manifest and its media, with runs/) or a manifest file</source>
        <translation>プロジェクトフォルダ（マニフェストとメディア、runs/ を含む）またはマニフェストファイルを開きます</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="116"/>
        <source>Open &amp;Recent</source>
        <translation>最近使ったプロジェクト(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="121"/>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="127"/>
        <source>&amp;Find Sounds…</source>
        <translation>音を検索(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="130"/>
        <source>&amp;Playback</source>
        <translation>再生(&amp;P)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="131"/>
        <source>&amp;Play / Pause</source>
        <translation>再生 / 一時停止(&amp;P)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="180"/>
        <source>Cannot open %1: %2</source>
        <translation>%1 を開けません: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="183"/>
        <location filename="../app/gui/MainWindow.cpp" line="273"/>
        <source>Open Project</source>
        <translation>プロジェクトを開く</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="198"/>
        <source>%1 — SoundFrame</source>
        <translation>%1 — SoundFrame</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="244"/>
        <source>%1: %2, %3</source>
        <comment>project folder: clip count, run count</comment>
        <translation>%1: %2、%3</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/MainWindow.cpp" line="245"/>
        <source>%n clip(s)</source>
        <translation>
            <numerusform>クリップ %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/MainWindow.cpp" line="246"/>
        <source>%n run(s)</source>
        <translation>
            <numerusform>実行 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/MainWindow.cpp" line="201"/>
        <source>%n manifest line(s) skipped</source>
        <translation>
            <numerusform>マニフェストの %n 行をスキップしました</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="222"/>
        <source>Clip %1</source>
        <translation>クリップ %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="112"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="118"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="133"/>
        <source>P&amp;revious Video Frame</source>
        <translation>前の映像フレーム(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="135"/>
        <source>&amp;Next Video Frame</source>
        <translation>次の映像フレーム(&amp;N)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="137"/>
        <source>Previous &amp;Cached Frame</source>
        <translation>前のキャッシュ済みフレーム(&amp;C)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="139"/>
        <source>Next C&amp;ached Frame</source>
        <translation>次のキャッシュ済みフレーム(&amp;A)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="146"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="147"/>
        <source>&amp;About SoundFrame</source>
        <translation>SoundFrame について(&amp;A)</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::AboutDialog</name>
    <message>
        <location filename="../widgets/AboutDialog.cpp" line="22"/>
        <source>About SoundFrame</source>
        <translation>SoundFrame について</translation>
    </message>
    <message>
        <location filename="../widgets/AboutDialog.cpp" line="24"/>
        <source>&lt;h3&gt;SoundFrame&lt;/h3&gt;&lt;p&gt;Audio-text retrieval learned from video through a frozen image-text model.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;SoundFrame&lt;/h3&gt;&lt;p&gt;固定した画像・テキストモデルを介して動画から学習する音声・テキスト検索。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::AlignmentRunPanel</name>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="57"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="69"/>
        <source>time in clip (s)</source>
        <translation>クリップ内の時刻 (秒)</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="70"/>
        <source>audio-frame cosine</source>
        <translation>音声・フレームのコサイン類似度</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="77"/>
        <source>frame time (s)</source>
        <translation>フレーム時刻 (秒)</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="78"/>
        <source>audio segment</source>
        <translation>音声区間</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="85"/>
        <source>cosine</source>
        <translation>コサイン</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="231"/>
        <source>For this held-out clip, the frame the run&apos;s audio encoder found most similar after each epoch (watched_picks.jsonl): Nearest&apos;s argmax. Training never saw the clip.</source>
        <translation>この評価用クリップについて、各エポックの終了後にこの実行の音声エンコーダが最も似ていると判定したフレーム (watched_picks.jsonl): Nearest の argmax です。学習ではこのクリップを一度も使っていません。</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="234"/>
        <source>The frame the run chose for this clip in each training epoch (choices.jsonl)</source>
        <translation>この実行が学習の各エポックでこのクリップに選んだフレーム (choices.jsonl)</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="162"/>
        <source>Computing…</source>
        <translation>計算中…</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="186"/>
        <source>Cannot compute the alignment: %1</source>
        <translation>アライメントを計算できません: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentRunPanel.cpp" line="196"/>
        <source>%n frame(s); most similar frame: %1 (%2 s)</source>
        <translation>
            <numerusform>全 %n フレーム、最も似たフレーム: %1（%2 秒）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="252"/>
        <source>After epoch %1: frame %2 is the most similar%3</source>
        <translation>エポック %1 の後: 最も似たフレームは %2%3</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="255"/>
        <source>Warm-up epoch: Nearest&apos;s training did not pair by similarity yet; this is what the model would have picked</source>
        <translation>ウォームアップのエポック: Nearest の学習はまだ類似度で組にしていません。これはモデルが選んだであろうフレームです</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentRunPanel.cpp" line="269"/>
        <source>Nearest frame under the model after each epoch (a held-out clip: never trained on; hatched: %n warm-up epoch(s)):</source>
        <translation>
            <numerusform>各エポック後にモデルが最も似ているとしたフレーム（評価用クリップ: 学習には未使用、斜線: ウォームアップの %n エポック）:</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="271"/>
        <source>Nearest frame under the model after each epoch (a held-out clip: never trained on):</source>
        <translation>各エポック後にモデルが最も似ているとしたフレーム（評価用クリップ: 学習には未使用）:</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="278"/>
        <source>No recorded choice for this clip (runs record them for training clips, and for held-out clips when they watch a cache of them).</source>
        <translation>このクリップの選択の記録はありません（実行が記録するのは学習用クリップの選択と、評価用クリップのキャッシュを監視した場合のその選択です）。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentRunPanel.cpp" line="301"/>
        <source>most similar frame shows a source: &lt;b&gt;%1%&lt;/b&gt; of %n clip(s) (uniform draw: %2%)</source>
        <translation>
            <numerusform>最も似たフレームに音源が映っている: %n クリップ中 &lt;b&gt;%1%&lt;/b&gt;（ランダムに選んだ場合: %2%）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="248"/>
        <source> (shows a source)</source>
        <translation>（音源が映っている）</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="248"/>
        <source> (shows no source)</source>
        <translation>（音源は映っていない）</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="253"/>
        <source>Epoch %1: frame %2%3</source>
        <translation>エポック %1: フレーム %2%3</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="251"/>
        <source>Epoch %1: no choice recorded</source>
        <translation>エポック %1: 選択の記録なし</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentRunPanel.cpp" line="194"/>
        <source>%n frame(s); %1 picks frame %2 (%3 s)</source>
        <translation>
            <numerusform>全 %n フレーム、%1 の選択はフレーム %2（%3 秒）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="257"/>
        <source>Warm-up epoch: Nearest did not choose by similarity yet</source>
        <translation>ウォームアップのエポック: Nearest はまだ類似度で選んでいません</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentRunPanel.cpp" line="273"/>
        <source>Frame chosen per epoch (hatched: %n warm-up epoch(s)):</source>
        <translation>
            <numerusform>エポックごとに選ばれたフレーム（斜線: ウォームアップの %n エポック）:</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="274"/>
        <source>Frame chosen per epoch:</source>
        <translation>エポックごとに選ばれたフレーム:</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="277"/>
        <source>Multiframe pairs every segment with its frame: no per-epoch choice.</source>
        <translation>Multiframe は各区間をそのフレームと組にするため、エポックごとの選択はありません。</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="294"/>
        <source>Summary over the test clips: %1. Evaluate the run (Runs view, or soundframe-cli eval).</source>
        <translation>テストクリップ全体の集計: %1。実行を評価してください（実行一覧画面、または soundframe-cli eval）。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentRunPanel.cpp" line="299"/>
        <source>&lt;b&gt;Over %n evaluated clip(s)&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;評価済みクリップ %n 件の集計&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="306"/>
        <source>pick accuracy unavailable: the manifest does not say which frames show a source</source>
        <translation>選択の正解率は出せません: どのフレームに音源が映っているかがマニフェストにありません</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="308"/>
        <source>curve peak − mean: %1 ± %2; curve std: %3; flat curves (std &amp;lt; %4): %5%</source>
        <translation>曲線のピーク − 平均: %1 ± %2、曲線の標準偏差: %3、平坦な曲線（標準偏差 &amp;lt; %4）: %5%</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="371"/>
        <source>frame shows the source</source>
        <translation>音源が映っているフレーム</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="379"/>
        <source>cos(audio, frame)</source>
        <translation>cos(音声, フレーム)</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="394"/>
        <source>%1×</source>
        <translation>%1 回</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="398"/>
        <source>model&apos;s pick after each epoch (held-out clip)</source>
        <translation>各エポック後のモデルの選択（評価用クリップ）</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="399"/>
        <source>recorded choices (all epochs)</source>
        <translation>記録された選択（全エポック）</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="405"/>
        <source>%1 pick (argmax)</source>
        <translation>%1 の選択 (argmax)</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentRunPanel.cpp" line="406"/>
        <source>most similar frame (argmax)</source>
        <translation>最も似たフレーム (argmax)</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::AlignmentView</name>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="32"/>
        <source>Runs</source>
        <translation>実行</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="33"/>
        <source>Stage-1 runs whose audio encoders are compared with the clip&apos;s frames, side by side</source>
        <translation>並べて比較するステージ 1 の実行（各実行の音声エンコーダをクリップのフレームと照合します）</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="36"/>
        <source>Export…</source>
        <translation>エクスポート…</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="38"/>
        <source>Save this clip&apos;s alignment as an Audacity label track and Sonic Visualiser layers</source>
        <translation>このクリップのアライメントを Audacity のラベルトラックと Sonic Visualiser のレイヤーとして保存します</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="58"/>
        <location filename="../widgets/AlignmentView.cpp" line="290"/>
        <source>Click a plot to see a frame.</source>
        <translation>プロットをクリックするとフレームを表示します。</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="241"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentView.cpp" line="248"/>
        <source>Runs (%n shown)</source>
        <translation>
            <numerusform>実行（%n 件を表示中）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="297"/>
        <source>Open a project to see alignment curves.</source>
        <translation>アライメント曲線を見るにはプロジェクトを開いてください。</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="299"/>
        <source>This project has no stage-1 run yet: train one first.</source>
        <translation>このプロジェクトにはまだステージ 1 の実行がありません。先に学習してください。</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="301"/>
        <source>Choose runs to compare.</source>
        <translation>比較する実行を選んでください。</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="303"/>
        <source>Choose a clip.</source>
        <translation>クリップを選んでください。</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="305"/>
        <source>The project has no clip %1.</source>
        <translation>このプロジェクトにクリップ %1 はありません。</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="307"/>
        <source>No prepared frame cache for the %1 split: prepare it first.</source>
        <translation>分割 %1 の準備済みフレームキャッシュがありません。先に準備してください。</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="319"/>
        <source>Run %1 has no trained audio encoder yet.</source>
        <translation>実行 %1 にはまだ学習済みの音声エンコーダがありません。</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="395"/>
        <source>No alignment is shown: nothing to export.</source>
        <translation>アライメントが表示されていないため、エクスポートするものがありません。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentView.cpp" line="416"/>
        <source>Exported %n file(s) to %1</source>
        <translation>
            <numerusform>%n 件のファイルを %1 にエクスポートしました</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="418"/>
        <source>Cannot export the alignment: %1</source>
        <translation>アライメントをエクスポートできません: %1</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="425"/>
        <source>Export Alignment to Folder</source>
        <translation>アライメントをフォルダにエクスポート</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="446"/>
        <source>no picture</source>
        <translation>画像なし</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="448"/>
        <source>Frame %1 at %2 s</source>
        <translation>フレーム %1（%2 秒）</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="451"/>
        <source>%1: cosine %2</source>
        <translation>%1: コサイン %2</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentView.cpp" line="455"/>
        <source>(no thumbnail: %1)</source>
        <translation>（サムネイルなし: %1）</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::AlignmentWorker</name>
    <message>
        <location filename="../widgets/AlignmentWorker.cpp" line="101"/>
        <source>no evaluation of this run yet (eval/alignment.json)</source>
        <translation>この実行はまだ評価されていません (eval/alignment.json)</translation>
    </message>
    <message>
        <location filename="../widgets/AlignmentWorker.cpp" line="157"/>
        <source>no media file</source>
        <translation>メディアファイルがありません</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::ClipView</name>
    <message>
        <location filename="../widgets/ClipView.cpp" line="42"/>
        <location filename="../widgets/ClipView.cpp" line="125"/>
        <source>Select a clip in the library</source>
        <translation>ライブラリでクリップを選択してください</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="73"/>
        <source>Play or pause the clip&apos;s audio (Space)</source>
        <translation>クリップの音声を再生 / 一時停止します (Space)</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="50"/>
        <source>The frame at the playhead: while paused the video&apos;s own frame, while playing the cached frame (Left/Right: previous/next video frame; Shift+Left/Right: cached frame)</source>
        <translation>再生位置のフレーム。一時停止中は動画そのもののフレーム、再生中はキャッシュ済みフレームを表示します（←/→: 前/次の映像フレーム、Shift+←/→: キャッシュ済みフレーム）</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="61"/>
        <source>The cached frames (what training saw) at their frame times, numbered from 0; click one to move the playhead there</source>
        <translation>キャッシュ済みフレーム（学習で使われたもの）をフレーム時刻の順に 0 から番号を付けて表示します。クリックすると再生位置をそこへ移動します</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="66"/>
        <source>Log-mel spectrogram: time in seconds, frequency on the mel scale labelled in Hz; ticks mark the cached frame times, bands the annotated sound events.
Click or drag: move the playhead. Wheel: zoom time around the cursor. Right-drag, or drag the time axis: pan. Double-click: the whole clip.
The readout gives time, frequency, mel band and level (dB of the band&apos;s power).</source>
        <translation>対数メルスペクトログラム。横軸は時間（秒）、縦軸はメル尺度の周波数（Hz で表示）。目盛りはキャッシュ済みフレームの時刻、帯は注釈付きの音イベントを示します。
クリック・ドラッグ: 再生位置を移動。ホイール: カーソル位置を中心に時間軸をズーム。右ドラッグまたは時間軸のドラッグ: パン。ダブルクリック: クリップ全体を表示。
読み取り値は時刻・周波数・メル帯域・レベル（帯域のパワーの dB）です。</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="75"/>
        <source>Playhead: drag to seek (Left/Right: one video frame; Shift+Left/Right: one cached frame)</source>
        <translation>再生位置: ドラッグで移動（←/→: 映像フレーム 1 枚分、Shift+←/→: キャッシュ済みフレーム 1 枚分）</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="156"/>
        <source>No clip %1 in this project</source>
        <translation>このプロジェクトにクリップ %1 はありません</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="179"/>
        <source>Decoding %1…</source>
        <translation>%1 をデコード中…</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="201"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="203"/>
        <source>Frame %1 at %2 s</source>
        <translation>フレーム %1（%2 秒）</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="206"/>
        <source>Some media could not be decoded: %1</source>
        <translation>一部のメディアをデコードできませんでした: %1</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="230"/>
        <source>No audio output device: the playhead moves without sound</source>
        <translation>音声出力デバイスがありません。再生位置は音なしで進みます</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="92"/>
        <source>Playback: %1</source>
        <translation>再生: %1</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="350"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="356"/>
        <source>Video frame %1 of %2 (%3 fps) · cached frame %4 of %5</source>
        <translation>映像フレーム %1 / %2 (%3 fps) · キャッシュ済みフレーム %4 / %5</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="363"/>
        <source>Cached frame %1 of %2</source>
        <translation>キャッシュ済みフレーム %1 / %2</translation>
    </message>
    <message>
        <location filename="../widgets/ClipView.cpp" line="380"/>
        <source>No video frames</source>
        <translation>映像フレームがありません</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::LibraryView</name>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="33"/>
        <source>Filter clips by id, caption or label…</source>
        <translation>ID・キャプション・ラベルでクリップを絞り込み…</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="35"/>
        <source>Shows only the clips whose id, split, captions or labels contain this text</source>
        <translation>ID・分割・キャプション・ラベルにこの文字列を含むクリップだけを表示します</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="37"/>
        <source>Clip</source>
        <translation>クリップ</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="37"/>
        <source>Split</source>
        <translation>分割</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="37"/>
        <source>Duration (s)</source>
        <translation>長さ (秒)</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="37"/>
        <source>Captions</source>
        <translation>キャプション</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="37"/>
        <source>Labels</source>
        <translation>ラベル</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="53"/>
        <source>Click a column header to sort; select a clip to inspect it</source>
        <translation>列見出しをクリックすると並べ替えます。クリップを選択すると詳細を表示します</translation>
    </message>
    <message>
        <location filename="../widgets/LibraryView.cpp" line="80"/>
        <source>to end</source>
        <translation>最後まで</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::MethodName</name>
    <message>
        <location filename="../widgets/MethodName.cpp" line="8"/>
        <source>Random</source>
        <translation>Random</translation>
    </message>
    <message>
        <location filename="../widgets/MethodName.cpp" line="10"/>
        <source>Nearest Match</source>
        <translation>Nearest Match</translation>
    </message>
    <message>
        <location filename="../widgets/MethodName.cpp" line="12"/>
        <source>Multiframe Match</source>
        <translation>Multiframe Match</translation>
    </message>
    <message>
        <location filename="../widgets/MethodName.cpp" line="14"/>
        <source>audio tagging</source>
        <translation>音声タグ付け</translation>
    </message>
    <message>
        <location filename="../widgets/MethodName.cpp" line="16"/>
        <source>from scratch</source>
        <translation>初期状態から</translation>
    </message>
    <message>
        <location filename="../widgets/MethodName.cpp" line="17"/>
        <source>unknown method</source>
        <translation>不明な手法</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::QueryResultList</name>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="72"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="72"/>
        <source>Spectrogram</source>
        <translation>スペクトログラム</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="72"/>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="72"/>
        <source>Folder</source>
        <translation>フォルダ</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="72"/>
        <source>Matched window (s)</source>
        <translation>一致した区間 (秒)</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="72"/>
        <source>Score</source>
        <translation>スコア</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="72"/>
        <source>Project clip</source>
        <translation>プロジェクトのクリップ</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="83"/>
        <source>Double-click a result to play the window that matched</source>
        <translation>結果をダブルクリックすると、一致した区間を再生します</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="87"/>
        <location filename="../widgets/QueryResultList.cpp" line="267"/>
        <source>Select a result to see and hear the window that matched.</source>
        <translation>結果を選択すると、一致した区間を表示・再生できます。</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="93"/>
        <source>The result&apos;s spectrogram; the band and the undimmed part are the window that matched the query. Click to play from there.</source>
        <translation>結果のスペクトログラム。帯と暗くなっていない部分がクエリに一致した区間です。クリックするとその位置から再生します。</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="96"/>
        <location filename="../widgets/QueryResultList.cpp" line="350"/>
        <source>Play window</source>
        <translation>区間を再生</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="98"/>
        <source>Play the part of the file that matched the query</source>
        <translation>ファイルのうちクエリに一致した部分を再生します</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="99"/>
        <source>Show in folder</source>
        <translation>フォルダに表示</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="101"/>
        <source>Open the folder holding this file in the file manager</source>
        <translation>このファイルがあるフォルダをファイルマネージャーで開きます</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="102"/>
        <source>Open in Clip view</source>
        <translation>クリップ画面で開く</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="104"/>
        <location filename="../widgets/QueryResultList.cpp" line="355"/>
        <source>This file is one of the project&apos;s clips: see its frames and events in the Clip view</source>
        <translation>このファイルはプロジェクトのクリップです。クリップ画面でフレームとイベントを確認できます</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="149"/>
        <source>Playback: %1</source>
        <translation>再生: %1</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="194"/>
        <source>The file&apos;s spectrogram, the matched window bright</source>
        <translation>ファイルのスペクトログラム（一致した区間が明るく表示されます）</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="198"/>
        <source>%1–%2 of %3</source>
        <translation>%1–%2 / %3</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="199"/>
        <source>The window of the file that matched best</source>
        <translation>ファイル内で最もよく一致した区間</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="200"/>
        <source>Cosine similarity</source>
        <translation>コサイン類似度</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="202"/>
        <source>Not one of the project&apos;s clips</source>
        <translation>プロジェクトのクリップではありません</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="203"/>
        <source>Project clip %1: “Open in Clip view” shows it</source>
        <translation>プロジェクトのクリップ %1:「クリップ画面で開く」で表示できます</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="277"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2&lt;br&gt;matched window %3–%4 s of %5 s</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2&lt;br&gt;一致した区間 %3–%4 秒（全 %5 秒）</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="330"/>
        <source>No spectrogram: %1</source>
        <translation>スペクトログラムなし: %1</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="338"/>
        <source>matched</source>
        <translation>一致</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="350"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="354"/>
        <source>Not one of the project&apos;s clips: play it here</source>
        <translation>プロジェクトのクリップではありません。ここで再生してください</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="369"/>
        <source>No audio output device: the playhead moves without sound</source>
        <translation>音声出力デバイスがありません。再生位置は音なしで進みます</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="387"/>
        <source>%1 no longer exists</source>
        <translation>%1 はもう存在しません</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="391"/>
        <source>Could not open %1 in the file manager</source>
        <translation>%1 をファイルマネージャーで開けませんでした</translation>
    </message>
    <message>
        <location filename="../widgets/QueryResultList.cpp" line="402"/>
        <source>%1 is not one of this project&apos;s clips: play it here</source>
        <translation>%1 はこのプロジェクトのクリップではありません。ここで再生してください</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::QueryView</name>
    <message>
        <location filename="../widgets/QueryView.cpp" line="37"/>
        <source>Describe a sound, e.g. &quot;a dog barks&quot;</source>
        <translation>音を言葉で説明（例: &quot;a dog barks&quot;）</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="39"/>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="40"/>
        <source>Sound or picture…</source>
        <translation>音または画像…</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="41"/>
        <source>Search with a sound, video or picture file (or drop one here)</source>
        <translation>音声・動画・画像ファイルで検索します（ここにドロップしても検索できます）</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="46"/>
        <source>How many files a search lists (k); applies to the next search</source>
        <translation>検索で表示するファイル数 (k)。次の検索から適用されます</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="54"/>
        <location filename="../widgets/QueryView.cpp" line="175"/>
        <source>Type a description, or drop a sound or a picture here.</source>
        <translation>説明を入力するか、ここに音または画像をドロップしてください。</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="61"/>
        <source>The library index searched and the model that embedded the query and the files</source>
        <translation>検索したライブラリのインデックスと、クエリとファイルを埋め込んだモデル</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/QueryView.cpp" line="313"/>
        <source>Answered by the index %1 (%n file(s)) built with the audio encoder %2 and the image-text model %3</source>
        <translation>
            <numerusform>音声エンコーダ %2 と画像・テキストモデル %3 で作成したインデックス %1（%n ファイル）による結果</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/QueryView.cpp" line="334"/>
        <source>%n file(s) found by text search.</source>
        <translation>
            <numerusform>テキスト検索で %n 件のファイルが見つかりました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/QueryView.cpp" line="335"/>
        <source>%n file(s) found by image search.</source>
        <translation>
            <numerusform>画像検索で %n 件のファイルが見つかりました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/QueryView.cpp" line="336"/>
        <source>%n file(s) found by audio search.</source>
        <translation>
            <numerusform>音声検索で %n 件のファイルが見つかりました。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="69"/>
        <source>Index this project&apos;s clips</source>
        <translation>プロジェクトのクリップをインデックス化</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="76"/>
        <source>No search index yet. Model:</source>
        <translation>検索インデックスがまだありません。モデル:</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="85"/>
        <source>Files:</source>
        <translation>ファイル数:</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="87"/>
        <source>Add a folder…</source>
        <translation>フォルダーを追加…</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="89"/>
        <source>Index your own sounds: every sound and video file under a folder joins the search index (unchanged files are skipped when added again)</source>
        <translation>手持ちの音をインデックスに加えます: フォルダー以下のすべての音声・動画ファイルが検索インデックスに入ります（再追加時、変更のないファイルは飛ばします）</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="92"/>
        <source>Remove a folder…</source>
        <translation>フォルダーを外す…</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="94"/>
        <source>Forget a folder the index was given, and its files; nothing on disk is touched</source>
        <translation>索引に加えたフォルダーとそのファイルを索引から外します。ディスク上のファイルには触れません</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="111"/>
        <source>Search with a sound or a picture</source>
        <translation>音または画像で検索</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="112"/>
        <source>Sounds, videos and pictures (*.wav *.flac *.ogg *.oga *.opus *.mp3 *.m4a *.mp4 *.mkv *.webm *.mov *.png *.jpg *.jpeg *.webp *.bmp);;All files (*)</source>
        <translation>音声・動画・画像 (*.wav *.flac *.ogg *.oga *.opus *.mp3 *.m4a *.mp4 *.mkv *.webm *.mov *.png *.jpg *.jpeg *.webp *.bmp);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="119"/>
        <source>Add a folder of sounds to the index</source>
        <translation>音のフォルダーをインデックスに追加</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="127"/>
        <source>The index was given no folders: its files came one by one.</source>
        <translation>この索引にはフォルダーが加えられていません。ファイルは一つずつ加えられました。</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="131"/>
        <source>Remove a folder from the index</source>
        <translation>索引からフォルダーを外す</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="132"/>
        <source>Forget this folder and its files (nothing on disk is touched):</source>
        <translation>このフォルダーとそのファイルを索引から外します（ディスク上のファイルには触れません）:</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="176"/>
        <location filename="../widgets/QueryView.cpp" line="272"/>
        <source>This project has no search index yet: index its clips first.</source>
        <translation>このプロジェクトにはまだ検索インデックスがありません。先にクリップをインデックス化してください。</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="178"/>
        <source>Index: %1</source>
        <translation>インデックス: %1</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="268"/>
        <source>Open a project first.</source>
        <translation>先にプロジェクトを開いてください。</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="281"/>
        <source>Searching for %1…</source>
        <translation>%1 を検索中…</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="289"/>
        <source>Query (text): “%1”</source>
        <translation>クエリ（テキスト）:「%1」</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="291"/>
        <source>Query (picture): %1</source>
        <translation>クエリ（画像）: %1</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="293"/>
        <source>Query (sound): %1</source>
        <translation>クエリ（音）: %1</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="318"/>
        <source>Audio encoder: %1
Image-text model: %2</source>
        <translation>音声エンコーダ: %1
画像・テキストモデル: %2</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="331"/>
        <source>Search failed: %1</source>
        <translation>検索に失敗しました: %1</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="347"/>
        <location filename="../widgets/QueryView.cpp" line="365"/>
        <source>Indexing needs a trained run and the project&apos;s image-text model.</source>
        <translation>インデックス化には、学習済みの実行とプロジェクトの画像・テキストモデルが必要です。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/QueryView.cpp" line="357"/>
        <source>Indexing %n file(s)…</source>
        <translation>
            <numerusform>%n 件のファイルをインデックス化中…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="370"/>
        <source>Indexing %1…</source>
        <translation>%1 をインデックス中…</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="379"/>
        <source>Removing %1 from the index…</source>
        <translation>%1 を索引から外しています…</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="430"/>
        <source>Index updated: %1</source>
        <translation>索引を更新しました: %1</translation>
    </message>
    <message>
        <location filename="../widgets/QueryView.cpp" line="432"/>
        <source>Index update failed: %1</source>
        <translation>索引の更新に失敗しました: %1</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::QueryWorker</name>
    <message numerus="yes">
        <location filename="../widgets/QueryWorker.cpp" line="91"/>
        <source>%n file(s) removed from the index (nothing on disk was touched)</source>
        <translation>
            <numerusform>%n 個のファイルを索引から外しました（ディスク上のファイルには触れていません）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/QueryWorker.cpp" line="104"/>
        <source>cancelled after %n file(s) indexed (windows: %1, unchanged files: %2, failed: %3)</source>
        <translation>
            <numerusform>%n 件をインデックス化した時点で中止しました（区間: %1、変更なし: %2 件、失敗: %3 件）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/QueryWorker.cpp" line="106"/>
        <source>%n file(s) indexed (windows: %1, unchanged files: %2, failed: %3)</source>
        <translation>
            <numerusform>%n 件をインデックス化しました（区間: %1、変更なし: %2 件、失敗: %3 件）</numerusform>
        </translation>
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
    <name>soundframe::gui::RetrievalBrowser</name>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="95"/>
        <source>Retrieval direction: what the queries are and what they retrieve</source>
        <translation>検索方向: クエリが何で、何を検索するか</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="97"/>
        <source>Filter queries…</source>
        <translation>クエリを絞り込む…</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="99"/>
        <source>Show only the queries whose text or clip contains this</source>
        <translation>テキストまたはクリップにこの文字列を含むクエリだけを表示</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="101"/>
        <location filename="../widgets/RetrievalBrowser.cpp" line="103"/>
        <source>Rank</source>
        <translation>順位</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="101"/>
        <source>Query</source>
        <translation>クエリ</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="101"/>
        <location filename="../widgets/RetrievalBrowser.cpp" line="103"/>
        <source>Clip</source>
        <translation>クリップ</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="103"/>
        <source>Item</source>
        <translation>項目</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="103"/>
        <source>Score</source>
        <translation>スコア</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="103"/>
        <source>Relevant</source>
        <translation>正解</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="103"/>
        <source>Frame</source>
        <translation>フレーム</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="103"/>
        <source>Labels</source>
        <translation>ラベル</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/RetrievalBrowser.cpp" line="218"/>
        <source>%n queries from %1</source>
        <translation>
            <numerusform>%1 から %n 件のクエリ</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/RetrievalBrowser.cpp" line="286"/>
        <source>%n queries: %1 at rank 1, %2 beyond rank 10; median rank %3</source>
        <translation>
            <numerusform>%n 件のクエリ: 1 位 %1 件、10 位より下 %2 件、順位の中央値 %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/RetrievalBrowser.cpp" line="348"/>
        <source>First relevant item at rank %1, below the %n shown</source>
        <translation>
            <numerusform>最初の正解項目は %1 位（表示中の %n 件より下）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/RetrievalBrowser.cpp" line="378"/>
        <source>one of the %n relevant items</source>
        <translation>
            <numerusform>%n 件の正解項目のいずれか</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="102"/>
        <source>Each query with the rank of its first relevant item; the worst first</source>
        <translation>各クエリと最初の正解項目の順位（悪いものから）</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="109"/>
        <source>The selected query&apos;s best-ranked items; double-click one to open its clip</source>
        <translation>選択したクエリの上位の項目。ダブルクリックでそのクリップを開きます</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="128"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="182"/>
        <source>Reading %1…</source>
        <translation>%1 を読み込み中…</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="215"/>
        <source>No per-query results: %1 is missing (evaluate the run again to write it)</source>
        <translation>クエリごとの結果がありません: %1 がありません（実行を評価し直すと書き出されます）</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="347"/>
        <source>First relevant item at rank %1</source>
        <translation>最初の正解項目は %1 位</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="359"/>
        <source>✓ relevant</source>
        <translation>✓ 正解</translation>
    </message>
    <message>
        <location filename="../widgets/RetrievalBrowser.cpp" line="434"/>
        <source>%1 is not a clip of this project</source>
        <translation>%1 はこのプロジェクトのクリップではありません</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::RunsView</name>
    <message>
        <location filename="../widgets/RunsView.cpp" line="72"/>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="72"/>
        <source>Stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="72"/>
        <source>Matching</source>
        <translation>マッチング</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="72"/>
        <source>Epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="72"/>
        <source>Batch</source>
        <translation>バッチ</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="73"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="73"/>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="73"/>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="73"/>
        <source>Final loss</source>
        <translation>最終損失</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="73"/>
        <source>Blocks kept</source>
        <translation>固定ブロック</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="81"/>
        <source>Training runs found in the project&apos;s runs folder</source>
        <translation>プロジェクトの runs フォルダで見つかった学習実行</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="86"/>
        <source>The selected run&apos;s config.json</source>
        <translation>選択した実行の config.json</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="90"/>
        <source>First run to compare</source>
        <translation>比較する 1 つ目の実行</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="91"/>
        <source>Second run to compare</source>
        <translation>比較する 2 つ目の実行</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="99"/>
        <location filename="../widgets/RunsView.cpp" line="113"/>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="164"/>
        <source>complete</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="164"/>
        <source>paused</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="164"/>
        <source>incomplete</source>
        <translation>未完了</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="192"/>
        <source>%1 (no report)</source>
        <translation>%1（レポートなし）</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="113"/>
        <source>The selected run&apos;s config; two runs&apos; reports</source>
        <translation>選択した実行の設定と、2 つの実行のレポート</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="62"/>
        <source>tagging top-1 %1</source>
        <translation>タグ付け top-1 %1</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="74"/>
        <source>Validation, last epoch (R@10)</source>
        <translation>検証（最終エポック、R@10）</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="114"/>
        <source>Queries</source>
        <translation>クエリ</translation>
    </message>
    <message>
        <location filename="../widgets/RunsView.cpp" line="115"/>
        <source>The selected run&apos;s retrieval queries: which succeed, which fail, what they retrieve</source>
        <translation>選択した実行の検索クエリ: 成功したもの、失敗したもの、それぞれが検索したもの</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::SpectrogramWidget</name>
    <message>
        <location filename="../widgets/SpectrogramWidget.cpp" line="43"/>
        <source>Log-mel spectrogram on the clip&apos;s time axis: ticks mark the frame times, bands the annotated sound events; click to move the playhead</source>
        <translation>クリップの時間軸上の対数メルスペクトログラム。目盛りはフレーム時刻、帯は注釈付きの音イベントを示します。クリックで再生位置を移動します</translation>
    </message>
    <message>
        <location filename="../widgets/SpectrogramWidget.cpp" line="56"/>
        <source>time (s)</source>
        <translation>時間 (秒)</translation>
    </message>
    <message>
        <location filename="../widgets/SpectrogramWidget.cpp" line="57"/>
        <source>Hz (mel scale)</source>
        <translation>Hz (メル尺度)</translation>
    </message>
    <message>
        <location filename="../widgets/SpectrogramWidget.cpp" line="219"/>
        <source>No audio</source>
        <translation>音声なし</translation>
    </message>
    <message>
        <location filename="../widgets/SpectrogramWidget.cpp" line="219"/>
        <source>No clip</source>
        <translation>クリップなし</translation>
    </message>
    <message>
        <location filename="../widgets/SpectrogramWidget.cpp" line="402"/>
        <source>%1 s · %2 Hz (band %3)</source>
        <translation>%1 秒 · %2 Hz (帯域 %3)</translation>
    </message>
    <message>
        <location filename="../widgets/SpectrogramWidget.cpp" line="404"/>
        <source> · %1 dB</source>
        <translation> · %1 dB</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::TrainingForm</name>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="53"/>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="55"/>
        <location filename="../widgets/TrainingForm.cpp" line="589"/>
        <source>defaults</source>
        <translation>既定値</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="59"/>
        <source>A shipped training config (soundframe-cli pretrain --list-configs): it fills every field below; the fields then override it</source>
        <translation>同梱の学習設定（soundframe-cli pretrain --list-configs）。下のすべての欄に値を入れます。その後、各欄の値が設定より優先されます</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="64"/>
        <source>0: audio tagging</source>
        <translation>0: 音声タグ付け</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="65"/>
        <source>1: audio-image pretraining</source>
        <translation>1: 音声・画像の事前学習</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="66"/>
        <source>2: audio-text fine-tuning</source>
        <translation>2: 音声・テキストのファインチューニング</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="67"/>
        <source>Audio tagging trains the encoder on the clips&apos; labels; stage 1 learns audio embeddings from video frames; stage 2 fine-tunes them on captions</source>
        <translation>音声タグ付けはクリップのラベルでエンコーダを学習します。ステージ 1 は動画のフレームから音声埋め込みを学習し、ステージ 2 はキャプションでそれをファインチューニングします</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="73"/>
        <source>How a clip&apos;s audio is paired with its frames: a random frame, the frame most similar to the audio (after warm-up epochs), or every frame with its own audio segment</source>
        <translation>クリップの音声とフレームの組み合わせ方: ランダムなフレーム、音声に最も似たフレーム（ウォームアップのエポックの後）、または各フレームとそれぞれの音声区間</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="79"/>
        <source>Passes over the training cache</source>
        <translation>学習キャッシュを通す回数</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="83"/>
        <source>Clips per batch; the other clips of a batch are the negatives</source>
        <translation>1 バッチのクリップ数。バッチ内のほかのクリップが負例になります</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="89"/>
        <source>AdamW peak learning rate, with linear warm-up and cosine decay</source>
        <translation>AdamW の最大学習率（線形ウォームアップとコサイン減衰付き）</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="93"/>
        <source>Seed of the data order, frame draws and initialisation</source>
        <translation>データの順序、フレームの抽選、初期化のシード</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="95"/>
        <source>Config</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="96"/>
        <source>Stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="97"/>
        <source>Matching</source>
        <translation>マッチング</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="98"/>
        <source>Epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="99"/>
        <source>Batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="100"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="101"/>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="119"/>
        <source>Epochs paired by the warm-up matching before the most similar frame takes over</source>
        <translation>最も似たフレームに切り替わる前に、ウォームアップのマッチングで組み合わせるエポック数</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="125"/>
        <source>How the warm-up epochs pair: a random frame (the paper&apos;s) or every frame with its own audio segment</source>
        <translation>ウォームアップのエポックの組み合わせ方: ランダムなフレーム（論文の方法）、または各フレームとそれぞれの音声区間</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="127"/>
        <source>Centred argmax</source>
        <translation>中心化した argmax</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="129"/>
        <source>Score each frame less its mean cosine with the batch&apos;s audio (a hubness correction, ours); off: the paper&apos;s plain argmax</source>
        <translation>各フレームの得点からバッチ内の音声とのコサインの平均を引きます（ハブ性の補正、本プロジェクト独自）。オフ: 論文どおりの argmax</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="136"/>
        <location filename="../widgets/TrainingForm.cpp" line="226"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="137"/>
        <source>Length of the audio segment around each frame time</source>
        <translation>各フレームの時刻の前後にとる音声区間の長さ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="138"/>
        <source>Mask same-clip negatives</source>
        <translation>同じクリップの負例を除外</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="140"/>
        <source>Leave a clip&apos;s other segments out of its softmax</source>
        <translation>クリップのほかの区間をそのソフトマックスから除外します</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="142"/>
        <source>Warm-up epochs</source>
        <translation>ウォームアップのエポック数</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="143"/>
        <source>Warm-up matching</source>
        <translation>ウォームアップのマッチング</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="145"/>
        <source>Segment length</source>
        <translation>区間の長さ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="152"/>
        <source>Start from</source>
        <translation>開始元</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="157"/>
        <source>The audio encoder to continue: a finished run of this project (stage 1 of any matching, audio tagging or stage 2), or a new encoder</source>
        <translation>続きから学習する音声エンコーダ: このプロジェクトの完了した実行（任意のマッチングのステージ 1、音声タグ付け、ステージ 2）、または新しいエンコーダ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="171"/>
        <source>Advanced</source>
        <translation>詳細設定</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="176"/>
        <source>Show the optimiser, device and checkpoint settings; hidden ones still apply</source>
        <translation>最適化、デバイス、チェックポイントの設定を表示します。非表示の設定も適用されます</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="188"/>
        <source>AdamW decoupled weight decay</source>
        <translation>AdamW の分離型重み減衰</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="190"/>
        <source>Share of all steps with a linear learning-rate warm-up, then cosine decay to 0</source>
        <translation>学習率を線形にウォームアップするステップの割合。その後コサインで 0 まで減衰します</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="193"/>
        <location filename="../widgets/TrainingForm.cpp" line="218"/>
        <location filename="../widgets/TrainingForm.cpp" line="223"/>
        <location filename="../widgets/TrainingForm.cpp" line="557"/>
        <location filename="../widgets/TrainingForm.cpp" line="573"/>
        <location filename="../widgets/TrainingForm.cpp" line="578"/>
        <location filename="../widgets/TrainingForm.cpp" line="580"/>
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="194"/>
        <source>Clip the global gradient norm to this; 0: off</source>
        <translation>全体の勾配ノルムをこの値で切り詰めます。0: オフ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="196"/>
        <source>InfoNCE temperature at the start; it is learnt (1/temperature &lt;= 100)</source>
        <translation>開始時の InfoNCE の温度。学習されます（1/温度 &lt;= 100）</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="200"/>
        <source>frozen</source>
        <translation>固定</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="201"/>
        <source>Stage 2: also train this many last blocks of the text tower; 0: frozen</source>
        <translation>ステージ 2: テキストタワーの最後のこの数のブロックも学習します。0: 固定</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="205"/>
        <location filename="../widgets/TrainingForm.cpp" line="575"/>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="206"/>
        <source>Keep the first K blocks of the start encoder as they are and train the rest (a partial fine-tune); none: the whole encoder trains. Needs a start encoder</source>
        <translation>開始エンコーダの最初の K ブロックをそのまま保ち、残りを学習します（部分的な微調整）。なし: エンコーダ全体を学習します。開始エンコーダが必要です</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="210"/>
        <source>Stage 2: learning rate of the unfrozen text blocks</source>
        <translation>ステージ 2: 固定を外したテキストブロックの学習率</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="219"/>
        <source>SpecAugment: mel-band masks per training clip; 0: off</source>
        <translation>SpecAugment: 学習クリップごとのメル帯域マスクの数。0: オフ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="221"/>
        <source> bins</source>
        <translation> ビン</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="222"/>
        <source>SpecAugment: the widest band mask, in mel bins</source>
        <translation>SpecAugment: 帯域マスクの最大幅（メルビン）</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="224"/>
        <source>SpecAugment: time masks per training clip; 0: off</source>
        <translation>SpecAugment: 学習クリップごとの時間マスクの数。0: オフ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="227"/>
        <source>SpecAugment: the widest time mask, in seconds</source>
        <translation>SpecAugment: 時間マスクの最大幅（秒）</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="230"/>
        <source>the project&apos;s</source>
        <translation>プロジェクトのもの</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="233"/>
        <source>The architecture of a new encoder (Start from: scratch): a shipped audio encoder config, or the project&apos;s audio-encoder.json, else the built-in CNN</source>
        <translation>新しいエンコーダ（開始元: 初期状態）の構成: 同梱の音声エンコーダ設定、プロジェクトの audio-encoder.json、どちらもなければ組み込みの CNN</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="240"/>
        <source>Where to train: cpu, auto (a GPU when there is one), cuda or cuda:N</source>
        <translation>学習する場所: cpu、auto（GPU があれば GPU）、cuda または cuda:N</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="244"/>
        <location filename="../widgets/TrainingForm.cpp" line="584"/>
        <source>auto</source>
        <translation>自動</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="245"/>
        <source>LibTorch compute threads; auto: all cores but one, left to the window</source>
        <translation>LibTorch の計算スレッド数。自動: ウィンドウ用に 1 コアを残したすべてのコア</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="249"/>
        <location filename="../widgets/TrainingForm.cpp" line="585"/>
        <source>epoch ends only</source>
        <translation>エポックの終わりのみ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="250"/>
        <source> steps</source>
        <translation> ステップ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="251"/>
        <source>Keep a checkpoint every N steps as well as at every epoch end; 0: epoch ends only</source>
        <translation>エポックの終わりに加えて N ステップごとにチェックポイントを保存します。0: エポックの終わりのみ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="256"/>
        <source>Newest checkpoints kept on disk</source>
        <translation>ディスクに残す最新のチェックポイントの数</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="257"/>
        <source>Validate each epoch</source>
        <translation>エポックごとに検証</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="259"/>
        <source>Compute validation recalls at every epoch end (needs the project&apos;s cache/val)</source>
        <translation>エポックの終わりごとに検証用の再現率を計算します（プロジェクトの cache/val が必要）</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="262"/>
        <source>Weight decay</source>
        <translation>重み減衰</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="263"/>
        <source>Warm-up fraction</source>
        <translation>ウォームアップの割合</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="264"/>
        <source>Gradient clip</source>
        <translation>勾配の切り詰め</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="265"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="266"/>
        <source>Audio blocks kept</source>
        <translation>固定する音声ブロック</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="267"/>
        <source>Text blocks trained</source>
        <translation>学習するテキストブロック</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="268"/>
        <source>Text learning rate</source>
        <translation>テキストの学習率</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="269"/>
        <source>Band masks</source>
        <translation>帯域マスク</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="270"/>
        <source>Widest band mask</source>
        <translation>帯域マスクの最大幅</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="271"/>
        <source>Time masks</source>
        <translation>時間マスク</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="272"/>
        <source>Widest time mask</source>
        <translation>時間マスクの最大幅</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="273"/>
        <source>New encoder</source>
        <translation>新しいエンコーダ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="274"/>
        <source>Device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="275"/>
        <source>Threads</source>
        <translation>スレッド数</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="276"/>
        <source>Checkpoint every</source>
        <translation>チェックポイントの間隔</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="277"/>
        <source>Keep checkpoints</source>
        <translation>保持するチェックポイント</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="298"/>
        <source>no shipped training config named &apos;%1&apos;</source>
        <translation>&apos;%1&apos; という名前の同梱の学習設定はありません</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="365"/>
        <source>%1 (not a run of this project)</source>
        <translation>%1（このプロジェクトの実行ではありません）</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="498"/>
        <source>%1 options</source>
        <translation>%1 のオプション</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="529"/>
        <source>scratch (a new encoder)</source>
        <translation>初期状態（新しいエンコーダ）</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="535"/>
        <source>%1 (stage 2, %2)</source>
        <translation>%1（ステージ 2、%2）</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="536"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="557"/>
        <source>on</source>
        <translation>オン</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="568"/>
        <location filename="../widgets/TrainingForm.cpp" line="581"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="570"/>
        <source>stage 1: the audio-tagging run, stage 2: the stage-1 run with the same matching (the same seed preferred); otherwise scratch</source>
        <translation>ステージ 1: 音声タグ付けの実行、ステージ 2: 同じマッチングのステージ 1 の実行（同じシードを優先）。それ以外: 初期状態</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="579"/>
        <source>%1 bins</source>
        <translation>%1 ビン</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingForm.cpp" line="591"/>
        <source>%1
Default (%2): %3</source>
        <translation>%1
既定値（%2）: %3</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::TrainingPlots</name>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="61"/>
        <source>Smooths the step loss with an exponential moving average, as TensorBoard&apos;s slider does (0 = off); the faint line is the loss as recorded. Per-epoch points are not smoothed</source>
        <translation>ステップの損失を指数移動平均で平滑化します（TensorBoard のスライダーと同じ。0 = オフ）。薄い線は記録されたままの損失です。エポックごとの点は平滑化しません</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="70"/>
        <source>The validation metric the last plot shows, per epoch</source>
        <translation>最後のプロットにエポックごとに表示する検証指標</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="74"/>
        <source>Smoothing</source>
        <translation>平滑化</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="78"/>
        <source>Validation</source>
        <translation>検証</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="81"/>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="81"/>
        <source>InfoNCE</source>
        <translation>InfoNCE</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="82"/>
        <source>Step loss; dashed with circles: each epoch&apos;s mean</source>
        <translation>ステップの損失。丸印の破線: 各エポックの平均</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="83"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="83"/>
        <source>rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="84"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="84"/>
        <source>tau</source>
        <translation>τ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="85"/>
        <source>Validation recall</source>
        <translation>検証の再現率</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="85"/>
        <source>percent</source>
        <translation>%</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="86"/>
        <source>epoch</source>
        <translation>エポック</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingPlots.cpp" line="117"/>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
</context>
<context>
    <name>soundframe::gui::TrainingView</name>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="94"/>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="95"/>
        <source>Start a new run with these settings in the project&apos;s runs folder</source>
        <translation>この設定でプロジェクトの runs フォルダに新しい実行を開始します</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="96"/>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="97"/>
        <source>Stop after the current step and keep a checkpoint to resume from</source>
        <translation>現在のステップの後で停止し、再開用のチェックポイントを残します</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="98"/>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="102"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="113"/>
        <source>Optimiser steps done out of the run&apos;s total</source>
        <translation>実行全体のうち完了した最適化ステップ数</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="115"/>
        <source>Estimated time left, from the speed of the steps so far</source>
        <translation>これまでのステップの速度から見積もった残り時間</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="116"/>
        <location filename="../widgets/TrainingView.cpp" line="354"/>
        <source>No project open</source>
        <translation>プロジェクトが開かれていません</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="126"/>
        <source>The run&apos;s log</source>
        <translation>実行のログ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="136"/>
        <source>Log</source>
        <translation>ログ</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="138"/>
        <source>Test-set retrieval (%)</source>
        <translation>テストセットでの検索 (%)</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="100"/>
        <source>Continue the paused run, or the interrupted run selected in History, from its checkpoint with the settings it was started with</source>
        <translation>一時停止中の実行、または履歴で選んだ中断された実行を、開始時の設定のままチェックポイントから続けます</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="103"/>
        <source>Stop the run; its checkpoint stays, so it can be resumed later from History</source>
        <translation>実行を停止します。チェックポイントは残るので、後で履歴から再開できます</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="178"/>
        <source>The project&apos;s runs: check one to overlay its curves (from its metrics.jsonl) on the plots; the run being trained is checked while it runs. Select an interrupted run to resume it</source>
        <translation>プロジェクトの実行。チェックを入れると、その曲線（metrics.jsonl から）をグラフに重ねて表示します。学習中の実行は実行中チェックされます。中断された実行を選ぶと再開できます</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="215"/>
        <source>%1, interrupted</source>
        <translation>%1、中断</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="219"/>
        <source>%1
Interrupted: it has a checkpoint; select it and press Resume</source>
        <translation>%1
中断: チェックポイントがあります。選択して「再開」を押してください</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="356"/>
        <source>This project has no prepared training cache (cache/train); run soundframe-cli prepare first</source>
        <translation>このプロジェクトには準備済みの学習キャッシュ (cache/train) がありません。先に soundframe-cli prepare を実行してください</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="358"/>
        <source>Ready to train on %1</source>
        <translation>%1 で学習できます</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="413"/>
        <source>training form</source>
        <translation>学習フォーム</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="426"/>
        <source>Cannot train: open a project with a prepared training cache first</source>
        <translation>学習できません。先に準備済みの学習キャッシュがあるプロジェクトを開いてください</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="432"/>
        <source>Cannot train: %1</source>
        <translation>学習できません: %1</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="469"/>
        <source>Cannot resume: %1</source>
        <translation>再開できません: %1</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="500"/>
        <source>Resuming %1</source>
        <translation>%1 を再開中</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="500"/>
        <source>Training into %1</source>
        <translation>%1 に学習中</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="509"/>
        <source>Pausing: saving a checkpoint…</source>
        <translation>一時停止中: チェックポイントを保存しています…</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="517"/>
        <source>Stopping…</source>
        <translation>停止中…</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="521"/>
        <location filename="../widgets/TrainingView.cpp" line="588"/>
        <source>Stopped</source>
        <translation>停止しました</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="550"/>
        <source>%1 left</source>
        <translation>残り %1</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="578"/>
        <source>Finished: %1</source>
        <translation>完了: %1</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="583"/>
        <source>Paused before the evaluation ended; Resume evaluates the run</source>
        <translation>評価の途中で一時停止しました。「再開」で実行を評価します</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="584"/>
        <source>Paused; Resume continues from the checkpoint</source>
        <translation>一時停止しました。「再開」でチェックポイントから続けます</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="586"/>
        <source>Finished without evaluation: %1</source>
        <translation>評価せずに完了しました: %1</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="596"/>
        <source>Error: %1</source>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="597"/>
        <source>Training failed: %1</source>
        <translation>学習に失敗しました: %1</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="185"/>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingView.cpp" line="203"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
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
    <message numerus="yes">
        <location filename="../widgets/TrainingWorker.cpp" line="62"/>
        <source>Training complete after %n step(s)</source>
        <translation>
            <numerusform>%n ステップで学習が完了しました</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/TrainingWorker.cpp" line="64"/>
        <source>Evaluating on %1</source>
        <translation>%1 で評価中</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingWorker.cpp" line="74"/>
        <source>Evaluation stopped; the trained run is kept</source>
        <translation>評価を中止しました。学習済みの実行は残しています</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingWorker.cpp" line="78"/>
        <source>Stopped at step %1; a checkpoint was kept</source>
        <translation>ステップ %1 で停止しました。チェックポイントを残しています</translation>
    </message>
    <message>
        <location filename="../widgets/TrainingWorker.cpp" line="84"/>
        <source>Unexpected error: %1</source>
        <translation>予期しないエラー: %1</translation>
    </message>
</context>
</TS>
